package dev.blueprint.components.websocket;

import dev.blueprint.components.websocket.http.AdminEndpoints;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operations on single connections, behind the admin API and the component's Java API: list them, send
 * to one, send to all, close one. Thread-safe; sends go through the {@link BroadcastHub}, so the
 * {@code max_pending_bytes} budget and the slow-consumer policy apply to them as to input records.
 */
final class ConnectionOperations implements AdminEndpoints.Operations {
    private static final Logger log = LoggerFactory.getLogger(ConnectionOperations.class);
    /** Ids are {@code c-<n>}: shorter first gives numeric order. */
    private static final Comparator<ConnectionInfo> BY_ID = Comparator.comparingInt((ConnectionInfo i) -> i.id().length())
            .thenComparing(ConnectionInfo::id);

    private final String name;
    private final ConnectionRegistry registry;
    private final BroadcastHub hub;
    private final WebSocketMetrics metrics;
    /** The component's channels, or null with channels off. */
    private final Channels channels;

    ConnectionOperations(String name, ConnectionRegistry registry, BroadcastHub hub, WebSocketMetrics metrics, Channels channels) {
        this.name = name;
        this.channels = channels;
        this.registry = registry;
        this.hub = hub;
        this.metrics = metrics;
    }

    @Override
    public java.util.Map<String, Integer> channels() {
        return channels == null ? java.util.Map.of() : channels.presence();
    }

    @Override
    public List<ConnectionInfo> connections() {
        return registry.all().stream().filter(c -> c.open).map(Connection::info).sorted(BY_ID).toList();
    }

    @Override
    public Optional<ConnectionInfo> connection(String id) {
        return open(id).map(Connection::info);
    }

    @Override
    public boolean send(String id, String message) {
        Optional<Connection> c = open(id);
        return c.isPresent() && hub.broadcast(message, List.of(c.get())).broadcastTo() == 1;
    }

    @Override
    public int sendToSession(String session, String message) {
        return hub.broadcast(message, registry.session(session)).broadcastTo();
    }

    @Override
    public boolean hasSession(String session) {
        return registry.session(session).stream().anyMatch(c -> c.open);
    }

    @Override
    public int broadcast(String message) {
        return hub.broadcast(message, registry.all()).broadcastTo();
    }

    @Override
    public boolean close(String id, int code, String closeReason) {
        String reason = closeReason == null ? "" : closeReason;
        requireValidClose(code, reason);
        Optional<Connection> found = open(id);
        if (found.isEmpty() || found.get().closeReason != null) {
            return false;
        }
        Connection c = found.get();
        c.closeCode = code;
        c.closeReason = reason.isEmpty() ? "closed by server" : reason;
        metrics.closed("requested");
        log.info("{} - closing {} with {} {} (requested)", name, c, code, reason);
        c.link.close(code, reason); // a client that never answers the close frame is dropped after 2 s
        return true;
    }

    private Optional<Connection> open(String id) {
        return registry.connection(id).stream().filter(c -> c.open).findFirst();
    }

    /**
     * Codes a server may send (RFC 6455 7.4): 1000..1003, 1007..1014 and the application range
     * 3000..4999; the reason must fit in a control frame (123 bytes of UTF-8).
     */
    static void requireValidClose(int code, String reason) {
        // 1004 is reserved, 1005 and 1006 are never sent (they stand for "no code" and "no close frame")
        boolean valid = (code >= 1000 && code <= 1014 && code != 1004 && code != 1005 && code != 1006) || (code >= 3000 && code <= 4999);
        if (!valid) {
            throw new IllegalArgumentException("close code must be 1000..1003, 1007..1014 or 3000..4999, was " + code);
        }
        int bytes = reason.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > 123) {
            throw new IllegalArgumentException("close reason must be at most 123 bytes of UTF-8, was " + bytes);
        }
    }
}
