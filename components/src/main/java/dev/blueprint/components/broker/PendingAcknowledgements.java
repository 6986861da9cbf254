package dev.blueprint.components.broker;

import dev.blueprint.api.ComponentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a broker source does in {@code close()} before it closes its connection: the runtime has closed its
 * outputs already, so the pipeline drains; waiting (at most the grace period) for the records still
 * downstream lets their acknowledgements reach the broker, instead of the broker delivering them again on
 * the next run. The wait ends when the last of them is released, not on a poll.
 */
public final class PendingAcknowledgements {
    private static final Logger log = LoggerFactory.getLogger(PendingAcknowledgements.class);

    private PendingAcknowledgements() {
    }

    /** Waits until no record of this component awaits its acknowledgement, or the grace period passed. */
    public static void await(ComponentContext context) throws InterruptedException {
        await(context, context.shutdownGracePeriod(), () -> { });
    }

    /**
     * As {@link #await(ComponentContext)}, running {@code meanwhile} at least every {@code slice} (a source that
     * acknowledges in batches sends them), and once more at the end.
     */
    public static void await(ComponentContext context, java.time.Duration slice, Runnable meanwhile) throws InterruptedException {
        long deadline = System.nanoTime() + context.shutdownGracePeriod().toNanos();
        boolean done = false;
        while (!done && System.nanoTime() < deadline) {
            done = context.awaitAcknowledgements(slice.compareTo(context.shutdownGracePeriod()) < 0 ? slice : context.shutdownGracePeriod());
            meanwhile.run();
        }
        if (!done) {
            long left = context.metrics().components().stream().filter(c -> c.name().equals(context.name()))
                    .mapToLong(c -> c.awaitingAcknowledgement()).sum();
            log.warn("{} - closing with {} message(s) not acknowledged after {}: the broker delivers them again", context.name(),
                    left, context.shutdownGracePeriod());
        }
    }
}
