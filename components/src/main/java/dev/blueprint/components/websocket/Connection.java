package dev.blueprint.components.websocket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.Map;
import dev.blueprint.transport.Link;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client connection as the component sees it: identity from the handshake, message counters,
 * heartbeat timestamps, and its transport {@link Link}. Created when the TCP connection is accepted.
 */
final class Connection {
    private static final VarHandle MESSAGES_IN;
    private static final VarHandle MESSAGES_OUT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MESSAGES_IN = lookup.findVarHandle(Connection.class, "messagesIn", long.class);
            MESSAGES_OUT = lookup.findVarHandle(Connection.class, "messagesOut", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final String id;
    final Link link;
    /** Messages and bytes from this client waiting for the {@link InboundQueue} to emit them. */
    final AtomicInteger inboundMessages = new AtomicInteger();
    final AtomicLong inboundBytes = new AtomicLong();
    /** Whether reading from it is paused until its messages drain. */
    volatile boolean readingPaused;
    volatile String sessionId;
    volatile Map<String, String> pathParams = Map.of();
    /** The channels asked for at the handshake, subscribed once the connection is open. */
    volatile java.util.List<Channels.Request> requestedChannels = java.util.List.of();
    volatile String principal;
    volatile String remote = "";
    volatile boolean open;
    volatile boolean holdsSlot;
    volatile String closeReason;
    /** {@link MessageRateLimit} state, touched only by this connection's I/O thread. */
    final TokenBucket rate = new TokenBucket();
    final TokenBucket refusals = new TokenBucket();
    /** Set by the broadcasting thread once a delivery report counted this connection as disconnected. */
    boolean reportedClosed;
    /**
     * The code of a close the server was asked for (connection operations); reported in {@code events}
     * even when the client drops the TCP connection instead of answering the close frame.
     */
    volatile int closeCode;
    /** When the handshake completed; null before. */
    volatile Instant connectedAt;
    /** Messages received from the client; see {@link #countIn()}. */
    private long messagesIn;
    /** Frames handed to the client; see {@link #countOut()}. */
    private long messagesOut;
    volatile long lastSeenNanos = System.nanoTime();
    volatile long lastMessageNanos = System.nanoTime();
    volatile long pingSentNanos;
    volatile boolean awaitingPong;

    Connection(String id, Link link) {
        this.id = id;
        this.link = link;
        this.remote = link.remote();
    }

    /** Bytes handed to this connection and not yet written to its socket (frames, pongs, close). */
    long pendingBytes() {
        return link.pendingBytes();
    }

    /** Marks the client alive: any frame from it counts as an answer to a ping. */
    void seen() {
        lastSeenNanos = System.nanoTime();
        awaitingPong = false;
    }

    /*
     * The message counters sit on the broadcast hot path, so they cost one plain store each: every
     * counter has a single writer at a time (the connection's I/O thread, which Netty never changes; the
     * BroadcastHub's sends, which hold its lock), and readers on other threads only need an
     * untorn value, which opaque access gives without a fence.
     */

    /** Counts a message from the client. Called only on the connection's I/O thread. */
    void countIn() {
        MESSAGES_IN.setOpaque(this, messagesIn + 1);
    }

    /** Counts a frame handed to the client. Called only under the {@link BroadcastHub}'s lock. */
    void countOut() {
        MESSAGES_OUT.setOpaque(this, messagesOut + 1);
    }

    long messagesIn() {
        return (long) MESSAGES_IN.getOpaque(this);
    }

    long messagesOut() {
        return (long) MESSAGES_OUT.getOpaque(this);
    }

    /** A snapshot for the connection operations ({@code GET /connections}, the Java API). */
    ConnectionInfo info() {
        return new ConnectionInfo(id, sessionId, pathParams, remote, connectedAt, messagesIn(), messagesOut(), pendingBytes());
    }

    @Override
    public String toString() {
        return id + (sessionId == null ? "" : " (session " + sessionId + ")") + " from " + remote;
    }
}
