package dev.blueprint.components.websocket.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Checks a client's token against the configured mode and names who it belongs to. */
public final class Authenticator {
    private final AuthConfig config;
    private final JwtVerifier jwt;
    private final List<byte[]> tokens;
    private final Map<String, byte[]> tenants;

    /**
     * Creates the checker for {@code config}; a JWT public key file is read from {@code baseDirectory} (the blueprint's).
     *
     * @throws IllegalArgumentException when the public key file cannot be read or is not a public key
     */
    public Authenticator(AuthConfig config, java.nio.file.Path baseDirectory) {
        this.config = config;
        this.jwt = config.mode() == AuthConfig.Mode.JWT ? new JwtVerifier(config.secret(), config.jwt(), baseDirectory) : null;
        this.tokens = config.tokens().stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
        this.tenants = new java.util.LinkedHashMap<>();
        config.tenantKeys().forEach((id, key) -> tenants.put(id, key.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether clients must present a token. */
    public boolean enabled() {
        return config.mode() != AuthConfig.Mode.NONE;
    }

    /**
     * The principal a valid token stands for ({@code token} for a static token, the JWT's {@code sub}
     * or {@code jwt}, the tenant id for a tenant's key), or empty when the token is missing or invalid.
     */
    public Optional<String> verify(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return switch (config.mode()) {
            case NONE -> Optional.of("anonymous");
            case TOKENS -> matchesStatic(token) ? Optional.of("token") : Optional.empty();
            case JWT -> verifyJwt(token);
            case TENANTS -> tenantOf(token);
        };
    }

    private boolean matchesStatic(String token) {
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        boolean found = false;
        for (byte[] t : tokens) {
            found |= MessageDigest.isEqual(t, given);
        }
        return found;
    }

    /** The tenant whose key {@code token} is; every key is compared, in constant time each. */
    private Optional<String> tenantOf(String token) {
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        String found = null;
        for (Map.Entry<String, byte[]> t : tenants.entrySet()) {
            if (MessageDigest.isEqual(t.getValue(), given)) {
                found = t.getKey();
            }
        }
        return Optional.ofNullable(found);
    }

    private Optional<String> verifyJwt(String token) {
        return jwt.verify(token);
    }
}
