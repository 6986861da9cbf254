package dev.blueprint.components.websocket;

import dev.blueprint.transport.Transport;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a server's life, bounded by the run's grace period: let what is queued for clients be written,
 * run every closing handshake (1001 Going Away) while the server still runs normally, then stop the
 * transport, which drops the connections of clients that never answered.
 */
final class ServerShutdown {
    private static final Logger log = LoggerFactory.getLogger(ServerShutdown.class);
    private static final long FLUSH_WAIT_MAX_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long CLOSE_WAIT_MAX_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final String name;
    private final Transport<Connection> transport;
    private final ConnectionRegistry registry;

    ServerShutdown(String name, Transport<Connection> transport, ConnectionRegistry registry) {
        this.name = name;
        this.transport = transport;
        this.registry = registry;
    }

    void run(Duration gracePeriod) {
        long start = System.nanoTime();
        long deadline = start + Math.min(FLUSH_WAIT_MAX_NANOS, gracePeriod.toNanos() / 2);
        awaitFlushed(deadline);
        // the closing handshakes end by three quarters of the grace period: stopping the transport needs the rest
        // (its listener and I/O threads close in bounded time), so the server itself never outlasts the period
        closeClients(Math.min(deadline + CLOSE_WAIT_MAX_NANOS, start + gracePeriod.toNanos() * 3 / 4));
        int stragglers = registry.size();
        if (stragglers > 0) {
            log.debug("{} - {} clients did not complete the closing handshake; dropping their connections", name, stragglers);
        }
        transport.close();
        log.info("{} - closed every client with 1001 Going Away", name);
    }

    /** Lets the I/O threads write what is queued for clients before they are closed (bounded). */
    private void awaitFlushed(long deadline) {
        while (System.nanoTime() < deadline && registry.all().stream().anyMatch(c -> c.open && c.pendingBytes() > 0)) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /** Runs the closing handshakes, waiting (bounded) for the clients to answer. */
    private void closeClients(long deadline) {
        registry.startClosing(); // a client that opens from now on is closed by its own open, which this pass may miss
        for (Connection c : registry.all()) {
            c.link.close(1001, "Going Away");
        }
        while (System.nanoTime() < deadline && registry.size() > 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
