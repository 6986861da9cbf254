package dev.blueprint.components.websocket.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.components.websocket.ConnectionInfo;
import dev.blueprint.components.websocket.PathTemplate;
import dev.blueprint.transport.HttpRefusal;
import dev.blueprint.transport.HttpReply;
import dev.blueprint.transport.HttpRequest;
import dev.blueprint.transport.HttpRoute;
import dev.blueprint.transport.HttpRoutes;
import dev.blueprint.transport.QuietLog;
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
 * The admin API of a WebSocket component, beside the health endpoints: the route table below ({@code table}), from
 * {@code GET /connections} to {@code POST /broadcast}. Every request needs {@code Authorization: Bearer <token>},
 * checked on the headers before any body byte is read; answers are JSON, errors {@code {"error": "..."}}.
 */
public final class AdminEndpoints implements HttpRoute {
    private static final Logger log = LoggerFactory.getLogger(AdminEndpoints.class);
    private static final ObjectMapper JSON = JsonReply.JSON;
    /** The paths the admin API serves under; by prefix, so that {@code /broadcastX} gets the admin API's own 404. */
    private static final List<String> PREFIXES = List.of("/connections", "/broadcast", "/sessions", "/channels");
    /** Where a 404 names a connection's actions rather than every endpoint. */
    private static final PathTemplate CONNECTION_ACTION = PathTemplate.parse("/connections/{id}/{action}");
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

    /** One endpoint: the method and path it serves, and what answers it given the path's parameters. */
    private record Endpoint(String method, PathTemplate path, Answer answer) {
    }

    @FunctionalInterface
    private interface Answer {
        HttpReply to(HttpRequest request, Map<String, String> params);
    }

    private final String name;
    private final byte[] tokenDigest;
    private final long maxBodyBytes;
    private final Operations operations;
    private final QuietLog quiet = new QuietLog(log);
    /** Every endpoint of the admin API. */
    private final List<Endpoint> table;

    private AdminEndpoints(String name, String token, long maxBodyBytes, Operations operations) {
        this.name = name;
        this.tokenDigest = sha256(token);
        this.maxBodyBytes = maxBodyBytes;
        this.operations = operations;
        this.table = List.of(
                new Endpoint("GET", PathTemplate.parse("/connections"), (r, p) -> reply(200, list(operations.connections()))),
                new Endpoint("GET", PathTemplate.parse("/connections/{id}"), (r, p) -> operations.connection(p.get("id"))
                        .map(c -> reply(200, info(c))).orElseGet(() -> unknown(p.get("id")))),
                new Endpoint("POST", PathTemplate.parse("/connections/{id}/send"), (r, p) -> send(r, p.get("id"))),
                new Endpoint("POST", PathTemplate.parse("/connections/{id}/close"), (r, p) -> close(r, p.get("id"))),
                new Endpoint("POST", PathTemplate.parse("/sessions/{session_id}/send"), (r, p) -> session(r, p.get("session_id"))),
                new Endpoint("POST", PathTemplate.parse("/broadcast"), (r, p) -> broadcast(r)),
                new Endpoint("GET", PathTemplate.parse("/channels"), (r, p) -> reply(200, channels(operations.channels()))));
    }

    /**
     * Serves the admin API on {@code routes}.
     *
     * @param maxBodyBytes the largest message {@code send} and {@code broadcast} accept (a larger one could
     *     never fit a connection's {@code max_pending_bytes})
     */
    public static void mount(HttpRoutes routes, String componentName, AdminConfig config, long maxBodyBytes, Operations operations) {
        AdminEndpoints admin = new AdminEndpoints(componentName, config.token(), maxBodyBytes, operations);
        PREFIXES.forEach(prefix -> routes.prefix(prefix, admin));
    }

    /**
     * Decides on the headers, before a body byte is read: 401 without the token, then 413 when the declared
     * body could never be sent. Nobody without the token makes the server hold a byte of a body.
     */
    @Override
    public Optional<HttpRefusal> admit(RequestHead head) {
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

    /**
     * Answers an admitted request from the table: the endpoint its method and path name, else 405 naming the method its
     * path takes, else 404 naming the endpoints. The transport ran {@link #admit} on its headers; the token is checked
     * again (the same check, at no cost worth saving) so that no way of reaching here skips it.
     */
    @Override
    public HttpReply handle(HttpRequest ex) {
        if (!authorized(ex.headers().get("Authorization"))) {
            return UNAUTHORIZED;
        }
        try {
            return route(ex);
        } catch (RuntimeException e) {
            quiet.warn("failed", "{} - admin request {} {} failed: {}", name, ex.method(), ex.path(), e.toString());
            return reply(500, error("internal error: " + e.getMessage()));
        }
    }

    private HttpReply route(HttpRequest ex) {
        for (Endpoint endpoint : table) {
            Optional<Map<String, String>> params = endpoint.path().match(ex.path());
            if (params.isPresent()) {
                if (!endpoint.method().equals(ex.method())) { // each path of the table takes one method
                    return reply(405, error(ex.path() + " takes " + endpoint.method() + ", not " + ex.method()))
                            .withHeader("Allow", endpoint.method());
                }
                return endpoint.answer().to(ex, params.get());
            }
        }
        String hint = ex.path().startsWith("/sessions") ? "try POST /sessions/{id}/send"
                : CONNECTION_ACTION.match(ex.path()).isPresent() ? "a connection has /send and /close"
                : "try GET /connections, GET /channels, POST /connections/{id}/send, POST /connections/{id}/close or POST /broadcast";
        return reply(404, error("no such endpoint: " + ex.method() + " " + ex.path() + "; " + hint));
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
    private HttpReply session(HttpRequest ex, String session) {
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
        return JsonReply.error(message);
    }

    private static HttpReply reply(int code, JsonNode body) {
        return JsonReply.of(code, body);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
