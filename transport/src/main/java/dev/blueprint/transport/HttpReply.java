package dev.blueprint.transport;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP response: an endpoint's answer, or a handshake refusal sent instead of {@code 101 Switching
 * Protocols}.
 *
 * @param status the status code
 * @param contentType the {@code Content-Type}
 * @param headers further headers ({@code Retry-After}, {@code Allow}, ...)
 * @param body the body bytes
 */
public record HttpReply(int status, String contentType, Map<String, String> headers, byte[] body) {

    public HttpReply {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** A UTF-8 text reply. */
    public static HttpReply text(int status, String text) {
        return new HttpReply(status, "text/plain; charset=utf-8", Map.of(), text.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON reply of {@code json} (already encoded). */
    public static HttpReply json(int status, String json) {
        return new HttpReply(status, "application/json", Map.of(), json.getBytes(StandardCharsets.UTF_8));
    }

    /** This reply with one more header. */
    /**
     * {@code answer}'s reply to a GET or HEAD request; 405 naming the allowed methods to any other: for read-only
     * endpoints ({@code /health}, {@code /metrics}, pages).
     */
    public static HttpReply forGet(HttpRequest request, java.util.function.Supplier<HttpReply> answer) {
        if (!"GET".equals(request.method()) && !"HEAD".equals(request.method())) {
            return text(405, "only GET is supported\n").withHeader("Allow", "GET, HEAD");
        }
        return answer.get();
    }

    public HttpReply withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new HttpReply(status, contentType, h, body);
    }
}
