package dev.blueprint.api;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The promise, carried by a record and by every record derived from it, to tell the source of a message
 * (a Redis Stream entry, say) once everything that came of it has been handled: written by the sinks it
 * reached, or deliberately dropped (filtered, dropped by an overflow policy, sent to an output nothing reads).
 *
 * <p>It counts holds: the runtime holds it for every queued copy of a record and while a component handles
 * one; a component that finishes a record later than {@link Component#onRecord} returns (a sink buffering
 * lines) takes a hold with {@link ComponentContext#hold()} and releases it then. When the last hold is
 * given back, the source's callback runs, once, on that thread. A record still queued or being handled
 * when the process dies is never acknowledged, so the source gets its message again on the next run
 * (at-least-once).
 *
 * <p>A hold can also be given back as failed, with {@link #fail(Throwable)}: a sink that gave up on a write.
 * Then, when the last hold goes, the source's failure callback runs with the first reason instead of its
 * handled callback, so that it can redeliver the message in its own way (nack with requeue, leave the entry
 * pending, not commit the offset). A source that gave no failure callback is told nothing: its message stays
 * unacknowledged and comes back when it redelivers unacknowledged messages (at the latest on the next run).
 * A failed acknowledgement is never reported as handled. Thread-safe.
 */
public final class Acknowledgement {
    /** An acknowledgement that nothing waits for: holding, releasing and failing it does nothing. */
    public static final Acknowledgement NONE = new Acknowledgement(null, null);

    private final Runnable onHandled;
    private final Consumer<Throwable> onFailed;
    private final AtomicInteger holds = new AtomicInteger(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private Acknowledgement(Runnable onHandled, Consumer<Throwable> onFailed) {
        this.onHandled = onHandled;
        this.onFailed = onFailed;
    }

    /**
     * A new acknowledgement with one hold, its creator's; {@code onHandled} runs when the last hold is released
     * and none failed. A failure is left unanswered: the message stays unacknowledged at its source.
     */
    public static Acknowledgement of(Runnable onHandled) {
        return new Acknowledgement(Objects.requireNonNull(onHandled, "onHandled"), reason -> { });
    }

    /**
     * A new acknowledgement with one hold, its creator's: {@code onHandled} runs when the last hold is released
     * and none failed, {@code onFailed} (with the first failure's reason) when the last hold goes and one failed.
     */
    public static Acknowledgement of(Runnable onHandled, Consumer<Throwable> onFailed) {
        return new Acknowledgement(Objects.requireNonNull(onHandled, "onHandled"),
                Objects.requireNonNull(onFailed, "onFailed"));
    }

    /** Takes one more hold. Does not block. */
    public void hold() {
        if (onHandled != null) {
            holds.incrementAndGet();
        }
    }

    /** Gives one hold back as handled; the last one runs a callback. Does not block (but the callback may). */
    public void release() {
        if (onHandled != null && holds.decrementAndGet() == 0) {
            settle();
        }
    }

    /**
     * Gives one hold back as failed: whatever else happens to the record's other copies, the source is not told
     * it was handled. The first reason is kept. Does not block (but the callback may).
     */
    public void fail(Throwable reason) {
        if (onHandled == null) {
            return;
        }
        failure.compareAndSet(null, Objects.requireNonNull(reason, "reason"));
        if (holds.decrementAndGet() == 0) {
            settle();
        }
    }

    private void settle() {
        Throwable reason = failure.get();
        if (reason == null) {
            onHandled.run();
        } else {
            onFailed.accept(reason);
        }
    }

    /** Whether a source waits for this acknowledgement. */
    public boolean isTracked() {
        return onHandled != null;
    }

    /** Whether a hold has been given back as failed. */
    public boolean hasFailed() {
        return failure.get() != null;
    }
}
