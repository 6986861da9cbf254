package dev.blueprint.transport;

import java.util.List;
import java.util.Map;

/**
 * A request as it stands once its request line and headers have arrived, before any body byte is read: what
 * an endpoint decides admission on (authentication, origin, content type, declared size).
 *
 * @param method the method, e.g. {@code POST}
 * @param path the decoded path, without the query
 * @param query the query parameters, decoded
 * @param headers header lookup (names are case-insensitive)
 * @param contentLength the declared {@code Content-Length}, or -1 when the body is chunked or absent
 * @param remote the client's address and port
 */
public record RequestHead(String method, String path, Map<String, List<String>> query, HttpRequest.Headers headers,
        long contentLength, String remote) {

    /** The first value of the query parameter {@code name}, or null. */
    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
