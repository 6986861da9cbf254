package dev.blueprint.api;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The promise, carried by a record and by every record derived from it, to tell the source of a message
 * (a Redis Stream entry, say) once everything that came of it has been handled: written by the sinks it
 * reached, or deliberately dropped (filtered, dropped by an overflow policy, sent to an output nothing reads).
 *
 * <p>It counts holds: the runtime holds it for every queued copy of a record and while a component handles
 * one; a component that finishes a record later than {@link Component#onRecord} returns (a sink buffering
 * lines) takes a hold with {@link ComponentContext#hold()} and releases it then. When the last hold is
 * released, the source's callback runs, once, on the releasing thread. A record still queued or being handled
 * when the process dies is never acknowledged, so the source gets its message again on the next run
 * (at-least-once). Thread-safe.
 */
public final class Acknowledgement {
    /** An acknowledgement that nothing waits for: holding and releasing it does nothing. */
    public static final Acknowledgement NONE = new Acknowledgement(null);

    private final Runnable onHandled;
    private final AtomicInteger holds = new AtomicInteger(1);

    private Acknowledgement(Runnable onHandled) {
        this.onHandled = onHandled;
    }

    /** A new acknowledgement with one hold, its creator's; {@code onHandled} runs when the last hold is released. */
    public static Acknowledgement of(Runnable onHandled) {
        return new Acknowledgement(java.util.Objects.requireNonNull(onHandled, "onHandled"));
    }

    /** Takes one more hold. Does not block. */
    public void hold() {
        if (onHandled != null) {
            holds.incrementAndGet();
        }
    }

    /** Gives one hold back; the last one runs the callback. Does not block (but the callback may). */
    public void release() {
        if (onHandled != null && holds.decrementAndGet() == 0) {
            onHandled.run();
        }
    }

    /** Whether a source waits for this acknowledgement. */
    public boolean isTracked() {
        return onHandled != null;
    }
}
