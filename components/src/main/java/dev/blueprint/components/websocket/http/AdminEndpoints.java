package dev.blueprint.components.websocket.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.blueprint.components.websocket.ConnectionInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API of a WebSocket component, beside the health endpoints on {@code http_port}:
 * {@code GET /connections}, {@code GET /connections/{id}}, {@code POST /connections/{id}/send},
 * {@code POST /connections/{id}/close} and {@code POST /broadcast}. Every request needs
 * {@code Authorization: Bearer <token>}; answers are JSON, errors {@code {"error": "..."}}.
 */
public final class AdminEndpoints {
    private static final Logger log = LoggerFactory.getLogger(AdminEndpoints.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONNECTIONS = "/connections";
    private static final String BROADCAST = "/broadcast";

    /** The connection operations the endpoints call; thread-safe. */
    public interface Operations {
        /** The open connections, in id order. */
        List<ConnectionInfo> connections();

        /** One open connection. */
        Optional<ConnectionInfo> connection(String id);

        /** Queues {@code message} for one connection; false when it is not open, closing or over its budget. */
        boolean send(String id, String message);

        /** Queues {@code message} for every open connection; returns how many took it. */
        int broadcast(String message);

        /** Starts the close handshake; false when it is not open or already closing. */
        boolean close(String id, int code, String reason);
    }

    private final String name;
    private final byte[] tokenDigest;
    private final long maxBodyBytes;
    private final Operations operations;
    private volatile long lastUnauthorizedWarn;

    private AdminEndpoints(String name, String token, long maxBodyBytes, Operations operations) {
        this.name = name;
        this.tokenDigest = sha256(token);
        this.maxBodyBytes = maxBodyBytes;
        this.operations = operations;
    }

    /**
     * Serves the admin API on {@code http}.
     *
     * @param maxBodyBytes the largest message {@code send} and {@code broadcast} accept (a larger one could
     *     never fit a connection's {@code max_pending_bytes})
     */
    public static void mount(HttpEndpoints http, String componentName, AdminConfig config, long maxBodyBytes,
            Operations operations) {
        AdminEndpoints admin = new AdminEndpoints(componentName, config.token(), maxBodyBytes, operations);
        http.route(CONNECTIONS, admin::handle);
        http.route(BROADCAST, admin::handle);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!authorized(ex)) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"blueprint-admin\"");
                reply(ex, 401, error("missing or invalid token: send 'Authorization: Bearer <admin.token>'"));
                return;
            }
            route(ex);
        } catch (RuntimeException e) {
            log.warn("{} - admin request {} {} failed: {}", name, ex.getRequestMethod(), ex.getRequestURI(), e.toString());
            reply(ex, 500, error("internal error: " + e.getMessage()));
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        if (path.equals(BROADCAST)) {
            if (requireMethod(ex, "POST")) {
                broadcast(ex);
            }
            return;
        }
        if (path.equals(CONNECTIONS) || path.equals(CONNECTIONS + "/")) {
            if (requireMethod(ex, "GET")) {
                reply(ex, 200, list(operations.connections()));
            }
            return;
        }
        // the server routes by prefix: /broadcastX and /connectionsX arrive here too
        String[] parts = path.startsWith(CONNECTIONS + "/") ? path.substring(CONNECTIONS.length()).split("/", -1) : new String[0];
        if (parts.length < 2 || parts.length > 3 || parts[1].isEmpty()) { // "", id[, action]
            reply(ex, 404, error("no such endpoint: " + method + " " + path + "; try GET /connections, POST /connections/{id}/send, "
                    + "POST /connections/{id}/close or POST /broadcast"));
            return;
        }
        String id = parts[1];
        String action = parts.length == 3 ? parts[2] : "";
        switch (action) {
            case "" -> {
                if (requireMethod(ex, "GET")) {
                    Optional<ConnectionInfo> c = operations.connection(id);
                    if (c.isPresent()) {
                        reply(ex, 200, info(c.get()));
                    } else {
                        unknown(ex, id);
                    }
                }
            }
            case "send" -> {
                if (requireMethod(ex, "POST")) {
                    send(ex, id);
                }
            }
            case "close" -> {
                if (requireMethod(ex, "POST")) {
                    close(ex, id);
                }
            }
            default -> reply(ex, 404, error("no such endpoint: " + method + " " + path + "; a connection has /send and /close"));
        }
    }

    private void send(HttpExchange ex, String id) throws IOException {
        Optional<String> message = body(ex);
        if (message.isEmpty()) {
            return;
        }
        if (operations.connection(id).isEmpty()) {
            unknown(ex, id);
        } else if (operations.send(id, message.get())) {
            log.debug("{} - admin: sent {} chars to {}", name, message.get().length(), id);
            ObjectNode ok = JSON.createObjectNode().put("id", id).put("sent", true);
            reply(ex, 200, ok);
        } else {
            reply(ex, 409, error("connection '" + id + "' did not take the message: it is closing or over max_pending_bytes"));
        }
    }

    private void broadcast(HttpExchange ex) throws IOException {
        Optional<String> message = body(ex);
        if (message.isPresent()) {
            int reached = operations.broadcast(message.get());
            log.debug("{} - admin: broadcast {} chars to {} connections", name, message.get().length(), reached);
            reply(ex, 200, JSON.createObjectNode().put("reached", reached));
        }
    }

    private void close(HttpExchange ex, String id) throws IOException {
        Optional<String> body = body(ex);
        if (body.isEmpty()) {
            return;
        }
        if (operations.connection(id).isEmpty()) {
            unknown(ex, id);
            return;
        }
        int code = 1000;
        String reason = "closed by admin";
        if (!body.get().isBlank()) {
            JsonNode request;
            try {
                request = JSON.readTree(body.get());
            } catch (JsonProcessingException e) {
                reply(ex, 400, error("body must be empty or a JSON object {\"code\": 4000, \"reason\": \"...\"}: " + e.getOriginalMessage()));
                return;
            }
            if (!request.isObject() || (request.has("code") && !request.get("code").canConvertToExactIntegral())) {
                reply(ex, 400, error("body must be empty or a JSON object {\"code\": 4000, \"reason\": \"...\"}"));
                return;
            }
            code = request.path("code").asInt(code);
            reason = request.path("reason").asText(reason);
        }
        boolean closing;
        try {
            closing = operations.close(id, code, reason);
        } catch (IllegalArgumentException e) {
            reply(ex, 400, error(e.getMessage()));
            return;
        }
        if (closing) {
            reply(ex, 200, JSON.createObjectNode().put("id", id).put("code", code).put("reason", reason));
        } else {
            reply(ex, 409, error("connection '" + id + "' is already closing"));
        }
    }

    /** The request body as UTF-8 text, or empty after answering 413/400. */
    private Optional<String> body(HttpExchange ex) throws IOException {
        byte[] bytes;
        try (InputStream in = ex.getRequestBody()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        }
        if (bytes.length > maxBodyBytes) {
            reply(ex, 413, error("message larger than max_pending_bytes (" + maxBodyBytes + " bytes)"));
            return Optional.empty();
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            reply(ex, 400, error("body must be UTF-8 text"));
            return Optional.empty();
        }
    }

    private boolean authorized(HttpExchange ex) {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : "";
        // digests have the same length whatever was sent, so the comparison takes the same time
        if (MessageDigest.isEqual(tokenDigest, sha256(presented)) && !presented.isEmpty()) {
            return true;
        }
        long now = System.nanoTime();
        if (now - lastUnauthorizedWarn > 1_000_000_000L) { // at most one WARN a second
            lastUnauthorizedWarn = now;
            log.warn("{} - admin: refused {} {} from {} with 401 ({})", name, ex.getRequestMethod(), ex.getRequestURI().getPath(),
                    ex.getRemoteAddress(), header == null ? "no Authorization header" : "wrong token");
        }
        return false;
    }

    private static boolean requireMethod(HttpExchange ex, String method) throws IOException {
        if (method.equals(ex.getRequestMethod())) {
            return true;
        }
        ex.getResponseHeaders().set("Allow", method);
        reply(ex, 405, error(ex.getRequestURI().getPath() + " takes " + method + ", not " + ex.getRequestMethod()));
        return false;
    }

    private static void unknown(HttpExchange ex, String id) throws IOException {
        reply(ex, 404, error("no open connection '" + id + "'; GET /connections lists them"));
    }

    private static ArrayNode list(List<ConnectionInfo> connections) {
        ArrayNode a = JSON.createArrayNode();
        connections.forEach(c -> a.add(info(c)));
        return a;
    }

    private static ObjectNode info(ConnectionInfo c) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", c.id());
        o.put("session_id", c.sessionId());
        ObjectNode params = o.putObject("path_params");
        new TreeMap<>(c.pathParams()).forEach(params::put);
        o.put("remote", c.remote());
        o.put("connected_since", c.connectedSince() == null ? null : c.connectedSince().toString());
        o.put("messages_in", c.messagesIn());
        o.put("messages_out", c.messagesOut());
        o.put("pending_bytes", c.pendingBytes());
        return o;
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static void reply(HttpExchange ex, int code, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
