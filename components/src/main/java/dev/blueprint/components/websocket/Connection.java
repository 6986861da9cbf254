package dev.blueprint.components.websocket;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.WebSocketImpl;

/**
 * One client connection: identity from the handshake, the bytes queued for it (to spot slow consumers,
 * since Java-WebSocket's own queue is unbounded) and heartbeat timestamps. Attached to the library's
 * {@link WebSocketImpl} from the moment the TCP connection is accepted.
 */
final class Connection {
    final String id;
    final WebSocketImpl socket;
    /** Bytes of frames put in the socket's out queue (by the broadcasting thread). */
    final AtomicLong enqueuedBytes = new AtomicLong();
    /** Bytes the selector thread wrote to the channel (frames, pings and handshake alike). */
    final AtomicLong writtenBytes = new AtomicLong();
    volatile String sessionId;
    volatile Map<String, String> pathParams = Map.of();
    volatile String principal;
    volatile String remote = "";
    /** A handshake refusal the channel writes instead of the library's own 404 page. */
    volatile byte[] rejection;
    volatile boolean open;
    volatile boolean holdsSlot;
    volatile String closeReason;
    /**
     * The code of a close the server was asked for (connection operations); reported in {@code events}
     * even when the client drops the TCP connection instead of answering the close frame.
     */
    volatile int closeCode;
    /** When the handshake completed; null before. */
    volatile Instant connectedAt;
    /**
     * Messages received from the client. Single writer: the connection's decoder thread (Java-WebSocket
     * gives each connection one), so a plain increment of the volatile is safe and costs no allocation.
     */
    volatile long messagesIn;
    /** Frames handed to the client. Single writer: {@link BroadcastHub}, which sends under its lock. */
    volatile long messagesOut;
    volatile long lastSeenNanos = System.nanoTime();
    volatile long lastMessageNanos = System.nanoTime();
    volatile long pingSentNanos;
    volatile boolean awaitingPong;

    Connection(String id, WebSocketImpl socket) {
        this.id = id;
        this.socket = socket;
    }

    /** Bytes handed to this connection and not yet written to its socket (never negative). */
    long pendingBytes() {
        return Math.max(0, enqueuedBytes.get() - writtenBytes.get());
    }

    /** Marks the client alive: any frame from it counts as an answer to a ping. */
    void seen() {
        lastSeenNanos = System.nanoTime();
        awaitingPong = false;
    }

    /** A snapshot for the connection operations ({@code GET /connections}, the Java API). */
    ConnectionInfo info() {
        return new ConnectionInfo(id, sessionId, pathParams, remote, connectedAt, messagesIn, messagesOut, pendingBytes());
    }

    @Override
    public String toString() {
        return id + (sessionId == null ? "" : " (session " + sessionId + ")") + " from " + remote;
    }
}
