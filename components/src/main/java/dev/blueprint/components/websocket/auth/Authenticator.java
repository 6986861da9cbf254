package dev.blueprint.components.websocket.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Checks a client's token against the configured mode and names who it belongs to. */
public final class Authenticator {
    private static final Map<String, String> HMACS = Map.of("HS256", "HmacSHA256", "HS384", "HmacSHA384", "HS512", "HmacSHA512");
    private final AuthConfig config;
    private final ObjectMapper json;
    private final List<byte[]> tokens;
    private final Map<String, byte[]> tenants;

    /** Creates the checker for {@code config}; {@code json} parses JWT parts. */
    public Authenticator(AuthConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
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
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            JsonNode header = json.readTree(b64.decode(parts[0]));
            String algorithm = HMACS.get(header.path("alg").asText());
            if (algorithm == null) {
                return Optional.empty(); // "none" and asymmetric algorithms are refused
            }
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(config.secret().getBytes(StandardCharsets.UTF_8), algorithm));
            byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, b64.decode(parts[2]))) {
                return Optional.empty();
            }
            JsonNode claims = json.readTree(b64.decode(parts[1]));
            long now = System.currentTimeMillis() / 1000;
            if (claims.has("exp") && claims.get("exp").asLong() <= now) {
                return Optional.empty();
            }
            if (claims.has("nbf") && claims.get("nbf").asLong() > now) {
                return Optional.empty();
            }
            return Optional.of(claims.path("sub").asText("jwt").isEmpty() ? "jwt" : claims.path("sub").asText("jwt"));
        } catch (IllegalArgumentException | java.io.IOException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }
}
