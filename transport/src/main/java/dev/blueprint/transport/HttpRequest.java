package dev.blueprint.transport;

import java.util.List;
import java.util.Map;

/**
 * A complete HTTP request as an endpoint sees it: the body is read whole (at most the transport's body
 * limit) before the endpoint runs.
 *
 * @param method the method, e.g. {@code GET}
 * @param path the decoded path, without the query
 * @param query the query parameters, decoded, each with its values in order
 * @param headers header lookup (names are case-insensitive)
 * @param body the body bytes (empty without one)
 * @param remote the client's address and port
 */
public record HttpRequest(String method, String path, Map<String, List<String>> query, Headers headers, byte[] body,
        String remote) {

    /** Case-insensitive header lookup. */
    @FunctionalInterface
    public interface Headers {
        /** The first value of the header {@code name}, or null. */
        String get(String name);
    }

    /** The first value of the query parameter {@code name}, or null. */
    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
