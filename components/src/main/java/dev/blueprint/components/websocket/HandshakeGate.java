package dev.blueprint.components.websocket;

import dev.blueprint.components.websocket.auth.Authenticator;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.java_websocket.handshake.ClientHandshake;

/**
 * Decides whether a WebSocket handshake is accepted: draining, path, origin, auth, then a free slot,
 * in that order. On acceptance it fills in the connection's session, path parameters and principal.
 */
final class HandshakeGate {
    private final PathTemplate path;
    private final List<String> allowedOrigins;
    private final Authenticator auth;
    private final ConnectionRegistry registry;
    private volatile boolean draining;

    HandshakeGate(PathTemplate path, List<String> allowedOrigins, Authenticator auth, ConnectionRegistry registry) {
        this.path = path;
        this.allowedOrigins = allowedOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
        this.auth = auth;
        this.registry = registry;
    }

    /** Refuses every handshake from now on (graceful shutdown). */
    void drain() {
        draining = true;
    }

    /** Empty when accepted, else why not. */
    Optional<Refusal> admit(Connection c, ClientHandshake request) {
        if (draining) {
            return Optional.of(Refusal.SHUTTING_DOWN);
        }
        String descriptor = request.getResourceDescriptor();
        int q = descriptor.indexOf('?');
        String rawPath = q < 0 ? descriptor : descriptor.substring(0, q);
        Map<String, String> query = QueryString.parse(q < 0 ? "" : descriptor.substring(q + 1));
        Optional<Map<String, String>> params = path.match(rawPath);
        if (params.isEmpty()) {
            return Optional.of(Refusal.notFound(rawPath, path));
        }
        String origin = request.getFieldValue("Origin");
        if (!originAllowed(origin)) {
            return Optional.of(Refusal.forbiddenOrigin(origin));
        }
        Optional<String> principal = Optional.empty();
        if (auth.enabled()) {
            principal = auth.verify(token(request, query));
            if (principal.isEmpty()) {
                return Optional.of(Refusal.UNAUTHORIZED);
            }
        }
        if (!registry.reserveSlot(c)) {
            return Optional.of(Refusal.FULL);
        }
        c.pathParams = Map.copyOf(params.get());
        c.sessionId = params.get().getOrDefault("session_id", query.get("session_id"));
        c.principal = principal.orElse(null);
        return Optional.empty();
    }

    private boolean originAllowed(String origin) {
        if (allowedOrigins.isEmpty() || origin == null || origin.isEmpty()) {
            return true; // no list: any origin; no Origin header: not a browser, origin checks do not apply
        }
        String o = origin.toLowerCase(Locale.ROOT);
        return allowedOrigins.contains("*") || allowedOrigins.contains(o);
    }

    private static String token(ClientHandshake request, Map<String, String> query) {
        String header = request.getFieldValue("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        return query.get("token");
    }

    /** Query-string parsing, kept apart for clarity. */
    static final class QueryString {
        private QueryString() {
        }

        static Map<String, String> parse(String query) {
            var map = new java.util.LinkedHashMap<String, String>();
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                map.putIfAbsent(k, v);
            }
            return map;
        }
    }
}
