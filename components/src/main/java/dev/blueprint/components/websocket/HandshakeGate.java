package dev.blueprint.components.websocket;

import dev.blueprint.components.websocket.auth.Authenticator;
import dev.blueprint.transport.Handshake;
import dev.blueprint.transport.OriginPolicy;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a WebSocket handshake is accepted: draining, path, origin, auth, then a free slot,
 * in that order. On acceptance it fills in the connection's session, path parameters and principal.
 */
final class HandshakeGate {
    private final PathTemplate path;
    private final OriginPolicy origins;
    private final IntPredicate ownPort;
    private final Authenticator auth;
    private final ConnectionRegistry registry;
    /** Whether channels are on: then {channel} and ?channel= ask for subscriptions. */
    private final boolean channels;
    private volatile boolean draining;

    HandshakeGate(PathTemplate path, List<String> allowedOrigins, IntPredicate ownPort, Authenticator auth, ConnectionRegistry registry,
            boolean channels) {
        this.path = path;
        this.channels = channels;
        this.origins = OriginPolicy.sameOriginAnd(allowedOrigins);
        this.ownPort = ownPort;
        this.auth = auth;
        this.registry = registry;
    }

    /** Refuses every handshake from now on (graceful shutdown). */
    void drain() {
        draining = true;
    }

    /** Empty when accepted, else why not. */
    Optional<Refusal> admit(Connection c, Handshake request) {
        if (draining) {
            return Optional.of(Refusal.SHUTTING_DOWN);
        }
        Optional<Map<String, String>> params = path.match(request.path());
        if (params.isEmpty()) {
            return Optional.of(Refusal.notFound(request.path(), path));
        }
        String origin = request.headers().get("Origin");
        if (!origins.allows(origin, request.headers().get("Host"), ownPort)) {
            return Optional.of(Refusal.forbiddenOrigin(origin));
        }
        Optional<String> principal = Optional.empty();
        if (auth.enabled()) {
            principal = auth.verify(token(request));
            if (principal.isEmpty()) {
                return Optional.of(Refusal.UNAUTHORIZED);
            }
        }
        List<Channels.Request> requested = List.of();
        if (channels) {
            try {
                requested = ChannelRequests.of(params.get(), request);
            } catch (IllegalArgumentException e) {
                return Optional.of(Refusal.badSubscription(e.getMessage()));
            }
        }
        if (!c.holdsSlot && !registry.reserveSlot(c)) {
            return Optional.of(Refusal.FULL);
        }
        c.requestedChannels = requested;
        c.pathParams = Map.copyOf(params.get());
        String session = params.get().get("session_id");
        c.sessionId = session != null ? session : request.queryParam("session_id");
        c.principal = principal.orElse(null);
        return Optional.empty();
    }

    private static String token(Handshake request) {
        String header = request.headers().get("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        return request.queryParam("token");
    }
}
