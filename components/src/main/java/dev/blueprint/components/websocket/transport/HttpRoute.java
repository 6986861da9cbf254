package dev.blueprint.components.websocket.transport;

/**
 * An HTTP endpoint. Runs on one of the transport's HTTP worker threads, never on an I/O thread, so it may
 * block briefly (render metrics, send to connections); each connection has one request in flight at a
 * time, and a slow endpoint holds up only the requests queued behind it on the worker pool.
 */
@FunctionalInterface
public interface HttpRoute {
    /** Answers {@code request}; an exception is answered with 500 and logged. */
    HttpReply handle(HttpRequest request) throws Exception;
}
