package dev.blueprint.transport;

import java.util.Optional;

/**
 * An HTTP endpoint. Runs on one of the transport's HTTP worker threads, never on an I/O thread, so it may
 * block briefly (render metrics, send to connections); each connection has one request in flight at a
 * time, and a slow endpoint holds up only the requests queued behind it on the worker pool.
 */
@FunctionalInterface
public interface HttpRoute {
    /** Answers {@code request}; an exception is answered with 500 and logged. */
    HttpReply handle(HttpRequest request) throws Exception;

    /**
     * Decides on the request line and headers alone, before a body byte is read or buffered: empty admits
     * the request (its body is then read, within the transport's limits, and {@link #handle} answers it); a
     * refusal is sent at once and the connection closed. Runs on an I/O thread: it must not block. Endpoints
     * that need a token, an origin or a content type decide here, so that nobody can make the server hold a
     * body it would refuse.
     */
    default Optional<HttpRefusal> admit(RequestHead head) {
        return Optional.empty();
    }
}
