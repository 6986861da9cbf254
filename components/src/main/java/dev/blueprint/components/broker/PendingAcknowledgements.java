package dev.blueprint.components.broker;

import dev.blueprint.api.ComponentContext;
import java.util.concurrent.TimeUnit;

/**
 * What a broker source does in {@code close()} before it closes its connection: the runtime has closed its
 * outputs already, so the pipeline drains; waiting (at most the grace period) for the records still
 * downstream lets their acknowledgements reach the broker, instead of the broker delivering them again on
 * the next run.
 */
public final class PendingAcknowledgements {
    private PendingAcknowledgements() {
    }

    /** Waits until no record of this component awaits its acknowledgement, or the grace period passed. */
    public static void await(ComponentContext context) throws InterruptedException {
        long deadline = System.nanoTime() + context.shutdownGracePeriod().toNanos();
        var stats = context.metrics().components().stream().filter(c -> c.name().equals(context.name())).findFirst();
        while (stats.isPresent() && stats.get().awaitingAcknowledgement() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
