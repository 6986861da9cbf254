package dev.blueprint.components.websocket;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of one open WebSocket connection, as listed by {@link WebSocketComponent#connections()} and
 * {@code GET /connections}. Immutable; the counters are those at the moment it was taken.
 *
 * @param id the connection id ({@code c-1}, {@code c-2}, …), as in {@code events} and {@code messages}
 * @param sessionId the path parameter {@code session_id}, else the {@code session_id} query parameter, else null
 * @param pathParams the parameters the path template captured (empty without a template)
 * @param remote the client's address and port, e.g. {@code 127.0.0.1:51234}
 * @param connectedSince when the handshake completed
 * @param messagesIn messages received from the client
 * @param messagesOut messages handed to the client (queued for its socket)
 * @param pendingBytes bytes handed to the client and not yet written to its socket
 */
public record ConnectionInfo(String id, String sessionId, Map<String, String> pathParams, String remote,
        Instant connectedSince, long messagesIn, long messagesOut, long pendingBytes) {

    public ConnectionInfo {
        Objects.requireNonNull(id, "id");
        pathParams = pathParams == null ? Map.of() : Map.copyOf(pathParams);
        remote = remote == null ? "" : remote;
    }
}
