package dev.blueprint.components.websocket;

import java.nio.charset.StandardCharsets;

/**
 * Why a handshake was refused, as the HTTP response sent instead of {@code 101 Switching Protocols}.
 *
 * @param status HTTP status code
 * @param statusText HTTP reason phrase
 * @param kind short machine-readable kind for metrics ({@code max_connections}, {@code origin}, ...)
 * @param message what the client is told
 */
record Refusal(int status, String statusText, String kind, String message) {
    static final Refusal FULL = new Refusal(503, "Service Unavailable", "max_connections",
            "too many connections (max_connections reached); try again later");
    static final Refusal SHUTTING_DOWN = new Refusal(503, "Service Unavailable", "shutting_down",
            "the server is shutting down");
    static final Refusal UNAUTHORIZED = new Refusal(401, "Unauthorized", "auth",
            "missing or invalid token: send 'Authorization: Bearer <token>' or ?token=<token>");

    static Refusal notFound(String path, PathTemplate template) {
        return new Refusal(404, "Not Found", "path", "no WebSocket endpoint at " + path + "; expected " + template);
    }

    static Refusal forbiddenOrigin(String origin) {
        return new Refusal(403, "Forbidden", "origin", "origin " + origin + " is not allowed");
    }

    /** The full HTTP response, closing the connection. */
    byte[] httpResponse() {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + statusText + "\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + (status == 503 ? "Retry-After: 1\r\n" : "")
                + (status == 401 ? "WWW-Authenticate: Bearer\r\n" : "")
                + "Connection: close\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }
}
