package dev.blueprint.components.websocket;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.java_websocket.framing.CloseFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a server's life, bounded by the run's grace period: let what is queued for clients be written,
 * run every closing handshake (1001 Going Away) while the server still runs normally, stop the server, and
 * drop the connections of clients that never answered.
 */
final class ServerShutdown {
    private static final Logger log = LoggerFactory.getLogger(ServerShutdown.class);
    private static final long FLUSH_WAIT_MAX_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long CLOSE_WAIT_MAX_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final String name;
    private final SocketServer server;
    private final ConnectionRegistry registry;

    ServerShutdown(String name, SocketServer server, ConnectionRegistry registry) {
        this.name = name;
        this.server = server;
        this.registry = registry;
    }

    void run(Duration gracePeriod) throws InterruptedException {
        long deadline = System.nanoTime() + Math.min(FLUSH_WAIT_MAX_NANOS, gracePeriod.toNanos() / 2);
        awaitFlushed(deadline);
        closeClients(deadline + CLOSE_WAIT_MAX_NANOS);
        server.stop(2000, "Going Away");
        abortStragglers();
        log.info("{} - closed every client with 1001 Going Away", name);
    }

    /** Lets the selector thread write what is queued for clients before they are closed (bounded). */
    private void awaitFlushed(long deadline) {
        while (System.nanoTime() < deadline && registry.all().stream().anyMatch(c -> c.open && c.pendingBytes() > 0)) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /**
     * Runs the closing handshakes while the server still runs normally. Java-WebSocket's own
     * {@code stop()} gives up on its selector after ~25 ms without network activity, which under load
     * can strand close frames (and clients, whose sockets stay open) before they are written.
     */
    private void closeClients(long deadline) {
        for (Connection c : registry.all()) {
            c.socket.close(CloseFrame.GOING_AWAY, "Going Away");
        }
        while (System.nanoTime() < deadline && registry.size() > 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** Drops the TCP connection of clients that never answered the close frame, so none is left hanging. */
    private void abortStragglers() {
        for (Connection c : registry.all()) {
            log.debug("{} - {} did not complete the closing handshake; dropping its connection", name, c);
            c.socket.closeConnection(CloseFrame.GOING_AWAY, "Going Away");
        }
    }
}
