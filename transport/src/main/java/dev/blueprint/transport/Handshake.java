package dev.blueprint.transport;

import java.util.List;
import java.util.Map;

/**
 * A WebSocket upgrade request, for the component to accept or refuse.
 *
 * @param path the decoded path, without the query
 * @param query the decoded query parameters
 * @param headers header lookup (case-insensitive)
 */
public record Handshake(String path, Map<String, List<String>> query, HttpRequest.Headers headers) {

    /** The first value of the query parameter {@code name}, or null. */
    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
