package dev.blueprint.transport;

import java.util.Optional;

/**
 * What the component hears from the transport about each client connection. Callbacks for one connection
 * run on its I/O thread, one at a time and in order; they must not block (hand work to another thread).
 *
 * @param <C> the component's own state of a connection
 */
public interface TransportHandler<C> {
    /** A TCP connection was accepted on the WebSocket port; returns the state to hand back for it. */
    C onAccepted(Link link);

    /**
     * A WebSocket upgrade request on the WebSocket port: empty accepts it ({@code 101}), a reply refuses it
     * with that response (then the connection is closed).
     */
    Optional<HttpReply> onHandshake(C connection, Handshake handshake);

    /** The connection carries a plain HTTP request instead of a WebSocket handshake. */
    void onHttp(C connection);

    /** The handshake completed: the connection is open. */
    void onOpen(C connection);

    /** A complete text message (already checked to be UTF-8 and within the size limit). */
    void onText(C connection, String text);

    /** A complete binary message. */
    void onBinary(C connection, byte[] data);

    /** A ping or pong arrived: the client is alive. */
    void onAlive(C connection);

    /** A client broke a limit or a rule; the transport refused or closed it already. */
    void onViolation(C connection, Violation violation, String detail);

    /**
     * The TCP connection closed, whatever state it was in. {@code code} is the close code the client sent,
     * else the one the server sent, else 1006.
     */
    void onClosed(C connection, int code, String reason);

    /**
     * The transport cannot go on serving: an I/O thread ran out of memory, or the listening socket was
     * lost. Called once; the server should be reported unhealthy and the run failed.
     */
    void onFatal(String what, Throwable cause);

}
