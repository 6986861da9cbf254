package dev.blueprint.components.websocket;

import dev.blueprint.transport.HttpReply;
import java.util.LinkedHashMap;
import java.util.Map;

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

    static Refusal badSubscription(String why) {
        return new Refusal(400, "Bad Request", "subscription", why);
    }

    static Refusal forbiddenOrigin(String origin) {
        return new Refusal(403, "Forbidden", "origin", "origin " + origin + " is not allowed: only this server's own pages and "
                + "clients without Origin are, unless listed in allowed_origins ([\"*\"] for any)");
    }

    /** The HTTP response sent instead of {@code 101 Switching Protocols}. */
    HttpReply httpReply() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (status == 503) {
            headers.put("Retry-After", "1");
        }
        if (status == 401) {
            headers.put("WWW-Authenticate", "Bearer");
        }
        HttpReply text = HttpReply.text(status, message + "\n");
        return new HttpReply(status, text.contentType(), headers, text.body());
    }
}
