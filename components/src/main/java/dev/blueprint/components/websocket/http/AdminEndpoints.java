package dev.blueprint.components.websocket.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.components.websocket.ConnectionInfo;
import dev.blueprint.transport.HttpRefusal;
import dev.blueprint.transport.HttpReply;
import dev.blueprint.transport.HttpRequest;
import dev.blueprint.transport.HttpRoute;
import dev.blueprint.transport.HttpRoutes;
import dev.blueprint.transport.RequestHead;
import dev.blueprint.transport.Violation;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API of a WebSocket component, beside the health endpoints ({@code POST /sessions/{id}/send} too):
 * {@code GET /connections}, {@code GET /connections/{id}}, {@code POST /connections/{id}/send},
 * {@code POST /connections/{id}/close} and {@code POST /broadcast}. Every request needs
 * {@code Authorization: Bearer <token>}, checked on the headers before any body byte is read; answers are
 * JSON, errors {@code {"error": "..."}}.
 */
public final class AdminEndpoints {
    private static final Logger log = LoggerFactory.getLogger(AdminEndpoints.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONNECTIONS = "/connections";
    private static final String BROADCAST = "/broadcast";
    private static final String SESSIONS = "/sessions";
    private static final String CHANNELS = "/channels";
    /** The one answer without the token: made once, since it is what a flood of unauthenticated requests gets. */
    private static final HttpReply UNAUTHORIZED = reply(401, error("missing or invalid token: send 'Authorization: Bearer <admin.token>'"))
            .withHeader("WWW-Authenticate", "Bearer realm=\"blueprint-admin\"");

    /** The connection operations the endpoints call; thread-safe. */
    public interface Operations {
        /** The open connections, in id order. */
        List<ConnectionInfo> connections();

        /** One open connection. */
        Optional<ConnectionInfo> connection(String id);

        /** Queues {@code message} for one connection; false when it is not open, closing or over its budget. */
        boolean send(String id, String message);

        /** Queues {@code message} for every open connection of {@code session}; returns how many took it. */
        int sendToSession(String session, String message);

        /** Whether {@code session} has an open connection. */
        boolean hasSession(String session);

        /** Queues {@code message} for every open connection; returns how many took it. */
        int broadcast(String message);

        /** Starts the close handshake; false when it is not open or already closing. */
        boolean close(String id, int code, String reason);

        /** Each channel with its subscriber count on this instance (presence), by name; empty with channels off. */
        default Map<String, Integer> channels() {
            return Map.of();
        }
    }

    private final String name;
    private final byte[] tokenDigest;
    private final long maxBodyBytes;
    private final Operations operations;

    private AdminEndpoints(String name, String token, long maxBodyBytes, Operations operations) {
        this.name = name;
        this.tokenDigest = sha256(token);
        this.maxBodyBytes = maxBodyBytes;
        this.operations = operations;
    }

    /**
     * Serves the admin API on {@code routes}.
     *
     * @param maxBodyBytes the largest message {@code send} and {@code broadcast} accept (a larger one could
     *     never fit a connection's {@code max_pending_bytes})
     */
    public static void mount(HttpRoutes routes, String componentName, AdminConfig config, long maxBodyBytes, Operations operations) {
        AdminEndpoints admin = new AdminEndpoints(componentName, config.token(), maxBodyBytes, operations);
        HttpRoute route = new HttpRoute() {
            @Override
            public Optional<HttpRefusal> admit(RequestHead head) {
                return admin.admit(head);
            }

            @Override
            public HttpReply handle(HttpRequest request) {
                return admin.handle(request);
            }
        };
        // by prefix, so that /broadcastX and /connectionsX get the admin API's own 404 naming its endpoints
        routes.prefix(CONNECTIONS, route).prefix(BROADCAST, route).prefix(SESSIONS, route).prefix(CHANNELS, route);
    }

    /**
     * Decides on the headers, before a body byte is read: 401 without the token, then 413 when the declared
     * body could never be sent. Nobody without the token makes the server hold a byte of a body.
     */
    private Optional<HttpRefusal> admit(RequestHead head) {
        String header = head.headers().get("Authorization");
        if (!authorized(header)) {
            String why = header == null ? "no Authorization header" : "wrong token";
            return Optional.of(new HttpRefusal(Violation.UNAUTHORIZED, "admin " + head.method() + " " + head.path() + " (" + why + ")",
                    UNAUTHORIZED));
        }
        if (head.contentLength() > maxBodyBytes) {
            return Optional.of(new HttpRefusal(Violation.BODY_TOO_LARGE, "admin " + head.method() + " " + head.path() + " declared "
                    + head.contentLength() + " bytes", reply(413, error("message larger than max_pending_bytes (" + maxBodyBytes + " bytes)"))));
        }
        return Optional.empty();
    }

    /** Answers an admitted request: the transport ran {@link #admit} on its headers (checked again here, at no cost worth saving). */
    private HttpReply handle(HttpRequest ex) {
        if (!authorized(ex.headers().get("Authorization"))) {
            return UNAUTHORIZED;
        }
        try {
            return route(ex);
        } catch (RuntimeException e) {
            log.warn("{} - admin request {} {} failed: {}", name, ex.method(), ex.path(), e.toString());
            return reply(500, error("internal error: " + e.getMessage()));
        }
    }

    private HttpReply route(HttpRequest ex) {
        String path = ex.path();
        String method = ex.method();
        if (path.equals(BROADCAST)) {
            return requireMethod(ex, "POST").orElseGet(() -> broadcast(ex));
        }
        if (path.startsWith(SESSIONS)) {
            return session(ex);
        }
        if (path.equals(CHANNELS)) {
            return requireMethod(ex, "GET").orElseGet(() -> reply(200, channels(operations.channels())));
        }
        if (path.equals(CONNECTIONS) || path.equals(CONNECTIONS + "/")) {
            return requireMethod(ex, "GET").orElseGet(() -> reply(200, list(operations.connections())));
        }
        String[] parts = path.startsWith(CONNECTIONS + "/") ? path.substring(CONNECTIONS.length()).split("/", -1) : new String[0];
        if (parts.length < 2 || parts.length > 3 || parts[1].isEmpty()) { // "", id[, action]
            return reply(404, error("no such endpoint: " + method + " " + path + "; try GET /connections, GET /channels, POST /connections/{id}/send, "
                    + "POST /connections/{id}/close or POST /broadcast"));
        }
        String id = parts[1];
        String action = parts.length == 3 ? parts[2] : "";
        return switch (action) {
            case "" -> requireMethod(ex, "GET").orElseGet(() -> operations.connection(id).map(c -> reply(200, info(c)))
                    .orElseGet(() -> unknown(id)));
            case "send" -> requireMethod(ex, "POST").orElseGet(() -> send(ex, id));
            case "close" -> requireMethod(ex, "POST").orElseGet(() -> close(ex, id));
            default -> reply(404, error("no such endpoint: " + method + " " + path + "; a connection has /send and /close"));
        };
    }

    private HttpReply send(HttpRequest ex, String id) {
        Body message = body(ex);
        if (message.refusal() != null) {
            return message.refusal();
        }
        if (operations.connection(id).isEmpty()) {
            return unknown(id);
        } else if (operations.send(id, message.text())) {
            log.debug("{} - admin: sent {} chars to {}", name, message.text().length(), id);
            ObjectNode ok = JSON.createObjectNode().put("id", id).put("sent", true);
            return reply(200, ok);
        } else {
            return reply(409, error("connection '" + id + "' did not take the message: it is closing or over max_pending_bytes"));
        }
    }

    /** {@code POST /sessions/{id}/send}: every open connection of that session. */
    private HttpReply session(HttpRequest ex) {
        String[] parts = ex.path().substring(SESSIONS.length()).split("/", -1);
        if (parts.length != 3 || !parts[0].isEmpty() || parts[1].isEmpty() || !parts[2].equals("send")) {
            return reply(404, error("no such endpoint: " + ex.method() + " " + ex.path() + "; try POST /sessions/{id}/send"));
        }
        Optional<HttpReply> wrongMethod = requireMethod(ex, "POST");
        if (wrongMethod.isPresent()) {
            return wrongMethod.get();
        }
        String session = parts[1];
        Body message = body(ex);
        if (message.refusal() != null) {
            return message.refusal();
        }
        if (!operations.hasSession(session)) {
            return reply(404, error("no open connection in session '" + session + "'; GET /connections lists them"));
        }
        int reached = operations.sendToSession(session, message.text());
        log.debug("{} - admin: sent {} chars to session {} ({} connections)", name, message.text().length(), session, reached);
        return reply(200, JSON.createObjectNode().put("session_id", session).put("reached", reached));
    }

    private HttpReply broadcast(HttpRequest ex) {
        Body message = body(ex);
        if (message.refusal() != null) {
            return message.refusal();
        }
        int reached = operations.broadcast(message.text());
        log.debug("{} - admin: broadcast {} chars to {} connections", name, message.text().length(), reached);
        return reply(200, JSON.createObjectNode().put("reached", reached));
    }

    private HttpReply close(HttpRequest ex, String id) {
        Body body = body(ex);
        if (body.refusal() != null) {
            return body.refusal();
        }
        if (operations.connection(id).isEmpty()) {
            return unknown(id);
        }
        int code = 1000;
        String reason = "closed by admin";
        if (!body.text().isBlank()) {
            JsonNode request;
            try {
                request = JSON.readTree(body.text());
            } catch (JsonProcessingException e) {
                return reply(400, error("body must be empty or a JSON object {\"code\": 4000, \"reason\": \"...\"}: " + e.getOriginalMessage()));
            }
            if (!request.isObject() || (request.has("code") && !request.get("code").canConvertToExactIntegral())) {
                return reply(400, error("body must be empty or a JSON object {\"code\": 4000, \"reason\": \"...\"}"));
            }
            code = request.path("code").asInt(code);
            reason = request.path("reason").asText(reason);
        }
        boolean closing;
        try {
            closing = operations.close(id, code, reason);
        } catch (IllegalArgumentException e) {
            return reply(400, error(e.getMessage()));
        }
        if (closing) {
            return reply(200, JSON.createObjectNode().put("id", id).put("code", code).put("reason", reason));
        }
        return reply(409, error("connection '" + id + "' is already closing"));
    }

    /** The request body as UTF-8 text, or the refusal (413, 400) to answer instead. */
    private record Body(String text, HttpReply refusal) {
    }

    private Body body(HttpRequest ex) {
        byte[] bytes = ex.body();
        if (bytes.length > maxBodyBytes) {
            return new Body(null, reply(413, error("message larger than max_pending_bytes (" + maxBodyBytes + " bytes)")));
        }
        try {
            return new Body(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString(), null);
        } catch (CharacterCodingException e) {
            return new Body(null, reply(400, error("body must be UTF-8 text")));
        }
    }

    private boolean authorized(String header) {
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : "";
        // digests have the same length whatever was sent, so the comparison takes the same time
        return MessageDigest.isEqual(tokenDigest, sha256(presented)) && !presented.isEmpty();
    }

    /** Empty when the request has {@code method}, else the 405 to answer. */
    private static Optional<HttpReply> requireMethod(HttpRequest ex, String method) {
        if (method.equals(ex.method())) {
            return Optional.empty();
        }
        return Optional.of(reply(405, error(ex.path() + " takes " + method + ", not " + ex.method())).withHeader("Allow", method));
    }

    private static HttpReply unknown(String id) {
        return reply(404, error("no open connection '" + id + "'; GET /connections lists them"));
    }

    /** {@code GET /channels}: {@code [{"channel": "prices", "subscribers": 12}, ...]} by name. */
    private static ArrayNode channels(Map<String, Integer> presence) {
        ArrayNode a = JSON.createArrayNode();
        presence.forEach((channel, n) -> a.addObject().put("channel", channel).put("subscribers", n));
        return a;
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

    private static HttpReply reply(int code, JsonNode body) {
        try {
            return new HttpReply(code, "application/json", Map.of(), JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
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
