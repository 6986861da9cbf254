package dev.blueprint.runtime.exec;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces the grace period of a stop, on a thread of its own: waits for every component to finish within
 * {@code shutdown_grace_period}; interrupts the ones still running then, and gives up on any that still runs
 * {@link #INTERRUPT_WAIT_NANOS} after that, so that the run can end without it.
 */
final class ShutdownWatchdog implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ShutdownWatchdog.class);
    private static final long INTERRUPT_WAIT_NANOS = 2_000_000_000L;

    private final String pipeline;
    private final Duration grace;
    private final List<ComponentRunner> runners;
    private volatile boolean exceeded;
    private volatile boolean abandoned;

    ShutdownWatchdog(String pipeline, Duration grace, List<ComponentRunner> runners) {
        this.pipeline = pipeline;
        this.grace = grace;
        this.runners = runners;
    }

    /** Whether components still ran when the grace period ended. */
    boolean exceeded() {
        return exceeded;
    }

    /** Whether components still ran after being interrupted: the run ends without them. */
    boolean abandoned() {
        return abandoned;
    }

    @Override
    public void run() {
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            for (ComponentRunner r : runners) {
                long left = deadline - System.nanoTime();
                if (!r.awaitFinished(Math.max(0, left))) {
                    break;
                }
            }
            List<String> running = runners.stream().filter(r -> !r.isFinished()).map(r -> r.decl().name()).toList();
            if (running.isEmpty()) {
                return;
            }
            exceeded = true;
            log.warn("{} - shutdown grace period of {} exceeded; interrupting {}", pipeline, grace, running);
            runners.forEach(ComponentRunner::requestStop);
            runners.stream().filter(r -> !r.isFinished()).forEach(ComponentRunner::interrupt);
            long interruptDeadline = System.nanoTime() + INTERRUPT_WAIT_NANOS;
            for (ComponentRunner r : runners) {
                if (!r.awaitFinished(Math.max(0, interruptDeadline - System.nanoTime()))) {
                    log.warn("{} - {} did not stop after being interrupted; giving up on it", pipeline, r.decl().name());
                }
            }
            abandoned = runners.stream().anyMatch(r -> !r.isFinished());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
