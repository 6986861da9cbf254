package dev.blueprint.components.websocket;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pings clients that have been quiet for {@code interval}, closes those that do not answer within
 * {@code timeout}, and closes idle ones. Runs on a timer thread; any frame from a client counts as alive.
 */
final class Heartbeat implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);
    private final String name;
    private final ConnectionRegistry registry;
    private final WebSocketMetrics metrics;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final long idleNanos;

    Heartbeat(String name, ConnectionRegistry registry, WebSocketMetrics metrics, Duration interval, Duration timeout,
            Duration idle) {
        this.name = name;
        this.registry = registry;
        this.metrics = metrics;
        this.intervalNanos = interval.toNanos();
        this.timeoutNanos = timeout.toNanos();
        this.idleNanos = idle.toNanos();
    }

    /** How often {@link #run} should be called: a quarter of the shortest period, within 10 ms..1 s. */
    Duration tickPeriod() {
        long shortest = Long.MAX_VALUE;
        for (long n : new long[] {intervalNanos, timeoutNanos, idleNanos}) {
            if (n > 0) {
                shortest = Math.min(shortest, n);
            }
        }
        return Duration.ofNanos(Math.max(10_000_000L, Math.min(1_000_000_000L, shortest / 4)));
    }

    boolean active() {
        return intervalNanos > 0 || idleNanos > 0;
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        for (Connection c : registry.all()) {
            if (!c.open || c.closeReason != null) {
                continue;
            }
            try {
                check(c, now);
            } catch (RuntimeException e) {
                log.debug("{} - heartbeat on {} failed: {}", name, c, e.toString());
            }
        }
    }

    private void check(Connection c, long now) {
        if (intervalNanos > 0) {
            if (c.awaitingPong && now - c.pingSentNanos >= timeoutNanos) {
                c.closeReason = "heartbeat timeout";
                metrics.closed("heartbeat_timeout");
                log.info("{} - closing {}: no answer to a ping within {} ms", name, c, timeoutNanos / 1_000_000);
                c.link.abort();
                return;
            }
            if (!c.awaitingPong && now - c.lastSeenNanos >= intervalNanos && now - c.pingSentNanos >= intervalNanos) {
                c.pingSentNanos = now;
                c.awaitingPong = true;
                c.link.ping();
            }
        }
        if (idleNanos > 0 && now - c.lastMessageNanos >= idleNanos) {
            c.closeReason = "idle timeout";
            metrics.closed("idle_timeout");
            c.link.close(1000, "idle timeout");
        }
    }
}
