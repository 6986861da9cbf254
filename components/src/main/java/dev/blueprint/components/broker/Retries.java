package dev.blueprint.components.broker;

import dev.blueprint.api.ComponentContext;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a sink sends again: a send that failed (the broker refused it, did not confirm it in time, or the
 * connection dropped before it did) waits out the sink's {@link Backoff} and is sent again from the sink's own
 * thread, up to {@code retries} times (none given: until it goes through); then it is given up: dead-lettered to
 * {@code errors} when bound, else failed back to its source, which redelivers it. Failures are reported from any
 * thread (the client's callbacks); resends happen on the sink's thread, where the client may be called.
 *
 * @param <P> what the sink sends: the message it built from the record
 */
public final class Retries<P> {
    private static final Logger log = LoggerFactory.getLogger(Retries.class);
    /** What the {@code retries} key of a sink means. */
    public static final String RETRIES_DOC = "Sends after a failed one (refused or not confirmed by the broker) before the record is given up: "
            + "then it goes to errors when that is bound (and counts as handled), else back to its source as failed, which delivers "
            + "it again. Absent: sent again until it goes through, so nothing is lost.";
    /** What the {@code backoff} key of a connector means. */
    public static final String BACKOFF_DOC = "Pauses between connection attempts (at start and after an outage) and between sends of a "
            + "failed record: {initial, max, multiplier, jitter}, or one duration (the first pause).";

    /** What the {@code backoff} key of a connector that sends nothing again means. */
    public static final String CONNECT_BACKOFF_DOC = "Pauses between connection attempts (at start and after an outage): "
            + "{initial, max, multiplier, jitter}, or one duration (the first pause).";

    /** The kind a given-up record is reported as. */
    public static final String KIND = "delivery_failed";
    private final ComponentContext context;
    private final Integer retries;
    private final Backoff backoff;
    private final DelayQueue<Due<P>> due = new DelayQueue<>();

    /**
     * @param retries sends after the first before giving up; null: without end
     * @param backoff the pauses before them
     */
    public Retries(ComponentContext context, Integer retries, Backoff backoff) {
        if (retries != null && retries < 0) {
            throw new IllegalArgumentException("retries must not be negative, was " + retries);
        }
        this.context = context;
        this.retries = retries;
        this.backoff = backoff;
    }

    /** A send of {@code ticket}'s message failed: it is sent again after the back-off, or given up. Any thread. */
    public void failed(DeliveryWindow.Ticket ticket, P message, Throwable reason) {
        int n = ticket.retried();
        if (retries != null && n >= retries) {
            ticket.giveUp(context, KIND, new DeliveryFailedException(reason, retries));
            return;
        }
        long nanos = backoff.delay(n).toNanos();
        if (n == 0) {
            log.debug("{} - record #{} not delivered ({}); sending it again", context.name(), ticket.record().sequence(), reason.toString());
        }
        due.add(new Due<>(ticket, message, System.nanoTime() + nanos));
    }

    /** Sends again, with {@code send}, every message whose pause is over. On the sink's thread. */
    public void resendDue(BiConsumer<DeliveryWindow.Ticket, P> send) {
        for (Due<P> d; (d = due.poll()) != null;) {
            send.accept(d.ticket, d.message);
        }
    }

    /** Whether a message waits to be sent again. */
    public boolean isEmpty() {
        return due.isEmpty();
    }

    /** Checks a {@code retries} key: absent or at least 0. */
    public static Integer check(Integer retries) {
        if (retries != null && retries < 0) {
            throw new dev.blueprint.api.ConfigException("retries", "must not be negative, was " + retries + " (absent: without end)");
        }
        return retries;
    }

    /** Forgets what waits (the stop gives their holds back through the window). */
    public void clear() {
        due.clear();
    }

    /** A record given up after its retries. */
    public static final class DeliveryFailedException extends Exception {
        DeliveryFailedException(Throwable last, int retries) {
            super(String.valueOf(last.getMessage() != null ? last.getMessage() : last.toString()) + " (gave up after " + retries
                    + (retries == 1 ? " retry)" : " retries)"), last);
        }
    }

    private record Due<P>(DeliveryWindow.Ticket ticket, P message, long at) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(at - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(at, ((Due<?>) o).at);
        }
    }
}
