package dev.blueprint.components.websocket;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java-WebSocket server: admits handshakes through the {@link HandshakeGate}, keeps the
 * {@link ConnectionRegistry} current and passes what clients do to a {@link Listener}. Its callbacks
 * run on the library's selector and decoder threads.
 */
final class SocketServer extends WebSocketServer {
    private static final Logger log = LoggerFactory.getLogger(SocketServer.class);

    /** What the component hears about clients. */
    interface Listener {
        void onConnected(Connection c);

        void onDisconnected(Connection c, int code, String reason);

        void onText(Connection c, String text);

        void onBinary(Connection c, ByteBuffer data);
    }

    private final String name;
    private final HandshakeGate gate;
    private final ConnectionRegistry registry;
    private final WebSocketMetrics metrics;
    private final Listener listener;
    private final MessageRateLimit rateLimit;
    private final CompletableFuture<InetSocketAddress> listening = new CompletableFuture<>();
    /** When each kind of refusal was last logged at WARN: a flood of one kind must not hide another. */
    private final Map<String, Long> lastRefusalWarn = new ConcurrentHashMap<>();

    SocketServer(String name, InetSocketAddress address, List<Draft> drafts, HandshakeGate gate,
            ConnectionRegistry registry, WebSocketMetrics metrics, Listener listener, MessageRateLimit rateLimit) {
        super(address, Math.max(1, Runtime.getRuntime().availableProcessors()), drafts);
        this.name = name;
        this.gate = gate;
        this.registry = registry;
        this.metrics = metrics;
        this.listener = listener;
        this.rateLimit = rateLimit;
        setTcpNoDelay(true);
        setReuseAddr(true);
        setConnectionLostTimeout(0); // the Heartbeat does this, with its own interval and timeout
        setMaxPendingConnections(4096); // listen backlog: bursts of connects must not overflow the JDK's default of 50
    }

    /** Completes with the bound address once listening, or exceptionally when binding failed. */
    CompletableFuture<InetSocketAddress> listening() {
        return listening;
    }

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft, ClientHandshake request)
            throws InvalidDataException {
        ServerHandshakeBuilder response = super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
        Connection c = ((WebSocketImpl) conn).getAttachment();
        Optional<Refusal> refusal = gate.admit(c, request);
        if (refusal.isPresent()) {
            Refusal r = refusal.get();
            metrics.refused(r.kind());
            warnRefusal(conn, r);
            c.rejection = r.httpResponse();
            throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, r.message());
        }
        return response;
    }

    private void warnRefusal(WebSocket conn, Refusal r) {
        long now = System.nanoTime();
        Long last = lastRefusalWarn.get(r.kind());
        if (last == null || now - last > 1_000_000_000L) { // one WARN a second per kind; all are counted in /metrics
            lastRefusalWarn.put(r.kind(), now);
            log.warn("{} - refused a connection from {} with HTTP {}: {} ({} refused for {} so far)", name,
                    conn.getRemoteSocketAddress(), r.status(), r.message(), metrics.refusedCount(r.kind()), r.kind());
        } else {
            log.debug("{} - refused {} with HTTP {}: {}", name, conn.getRemoteSocketAddress(), r.status(), r.message());
        }
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        Connection c = ((WebSocketImpl) conn).getAttachment();
        InetSocketAddress remote = conn.getRemoteSocketAddress();
        c.remote = remote == null ? "" : remote.getAddress().getHostAddress() + ":" + remote.getPort();
        c.seen();
        c.connectedAt = Instant.now();
        c.open = true;
        rateLimit.open(c);
        registry.add(c);
        metrics.accepted.increment();
        listener.onConnected(c);
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        Connection c = ((WebSocketImpl) conn).getAttachment();
        if (c == null) {
            return;
        }
        registry.releaseSlot(c);
        if (c.open) {
            c.open = false;
            registry.remove(c);
            listener.onDisconnected(c, c.closeCode != 0 ? c.closeCode : code, c.closeReason != null ? c.closeReason : reason);
        }
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        Connection c = ((WebSocketImpl) conn).getAttachment();
        c.seen();
        c.lastMessageNanos = c.lastSeenNanos;
        c.countIn();
        if (admitted(c)) {
            listener.onText(c, message);
        }
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
        Connection c = ((WebSocketImpl) conn).getAttachment();
        c.seen();
        c.lastMessageNanos = c.lastSeenNanos;
        c.countIn();
        if (admitted(c)) {
            listener.onBinary(c, message);
        }
    }

    /** Applies max_message_rate: a client over it is closed with 1008 and what it sends meanwhile is dropped. */
    private boolean admitted(Connection c) {
        if (rateLimit.admit(c)) {
            return true;
        }
        if (c.closeReason == null) {
            c.closeReason = "message rate";
            metrics.closed("message_rate");
            log.warn("{} - closing {}: it sends faster than max_message_rate", name, c);
            c.socket.close(CloseFrame.POLICY_VALIDATION, "sending faster than max_message_rate");
        }
        metrics.error("message_rate_dropped");
        return false;
    }

    @Override
    public void onWebsocketPong(WebSocket conn, Framedata f) {
        Connection c = ((WebSocketImpl) conn).getAttachment();
        if (c != null) {
            c.seen();
        }
    }

    @Override
    public void onWebsocketPing(WebSocket conn, Framedata f) {
        super.onWebsocketPing(conn, f);
        Connection c = ((WebSocketImpl) conn).getAttachment();
        if (c != null) {
            c.seen();
        }
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        if (conn == null) {
            if (!listening.isDone()) {
                listening.completeExceptionally(ex);
            } else {
                metrics.error("server");
                log.error("{} - server error: {}", name, ex.toString());
            }
            return;
        }
        metrics.error(ex.getClass().getSimpleName());
        log.debug("{} - error on {}: {}", name, conn.getRemoteSocketAddress(), ex.toString());
    }

    @Override
    public void onStart() {
        listening.complete(new InetSocketAddress(getAddress().getAddress(), getPort()));
    }
}
