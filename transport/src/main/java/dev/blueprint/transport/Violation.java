package dev.blueprint.transport;

/**
 * A limit a client went past, or a rule of HTTP or WebSocket it broke; the transport has already
 * refused the request or closed the connection. {@link #reason()} is the label in {@code /metrics}.
 */
public enum Violation {
    /** Request line longer than the header limit: HTTP 414. */
    URI_TOO_LONG("uri_too_long", true),
    /** Headers larger than the header limit: HTTP 431. */
    HEADERS_TOO_LARGE("headers_too_large", true),
    /** A request HTTP cannot parse, or a malformed query string: HTTP 400. */
    BAD_REQUEST("bad_request", true),
    /** A request body over the body limit: HTTP 413. */
    BODY_TOO_LARGE("body_too_large", true),
    /** A request needing a token came without a valid one: HTTP 401, decided on its headers. */
    UNAUTHORIZED("unauthorized", true),
    /** A request whose {@code Host} is not a name the server answers (DNS rebinding): HTTP 403, before routing. */
    HOST("host", true),
    /** A browser request from an origin the endpoint does not allow: HTTP 403. */
    ORIGIN("origin", true),
    /** A body of a content type the endpoint does not take: HTTP 415, decided on its headers. */
    CONTENT_TYPE("content_type", true),
    /** A method the endpoint does not take: HTTP 405, decided on its headers. */
    METHOD("method", true),
    /** Admitted request bodies held at once reached {@code max_buffered_body_bytes}: HTTP 503 with Retry-After. */
    BODY_BUDGET("body_budget", true),
    /** The request (or handshake, TLS included) did not arrive within {@code handshake_timeout}: HTTP 408. */
    HANDSHAKE_TIMEOUT("handshake_timeout", true),
    /** A response the client did not read within {@code handshake_timeout}: closed. */
    WRITE_TIMEOUT("write_timeout", true),
    /** A message (after inflating) over {@code max_message_size}: close 1009. */
    MESSAGE_TOO_BIG("message_too_big", false),
    /** A frame that breaks RFC 6455 (unmasked, reserved bits, bad close code): close 1002. */
    PROTOCOL_ERROR("protocol_error", false),
    /** Text or a close reason that is not UTF-8, or a corrupt deflate stream: close 1007. */
    INVALID_PAYLOAD("invalid_payload", false),
    /** A client that does not read while its pongs pile up past {@code max_pending_bytes}. */
    SLOW_CONSUMER("slow_consumer", false),
    /** The connection broke (reset, TLS failure) before or after the handshake. */
    CONNECTION_ERROR("connection_error", false);

    private final String reason;
    private final boolean beforeHandshake;

    Violation(String reason, boolean beforeHandshake) {
        this.reason = reason;
        this.beforeHandshake = beforeHandshake;
    }

    /** The metrics label, e.g. {@code headers_too_large}. */
    public String reason() {
        return reason;
    }

    /** Whether it refuses a request (counted as refused) rather than closing an open WebSocket. */
    public boolean beforeHandshake() {
        return beforeHandshake;
    }
}
