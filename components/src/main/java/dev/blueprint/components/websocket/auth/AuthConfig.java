package dev.blueprint.components.websocket.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import dev.blueprint.api.Secret;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Client authentication settings.
 *
 * @param mode none, tokens, jwt or tenants
 * @param tokens the accepted bearer tokens (mode tokens)
 * @param secret the HMAC secret JWTs are signed with (mode jwt)
 * @param tenants each tenant's API key, as {@code tenant:key,tenant:key} (mode tenants)
 * @param jwt how JWTs are checked (mode jwt): a public key or JWKS URL instead of the secret, claims, leeway
 */
public record AuthConfig(
        @Doc("none (the default; YAML off works too), tokens (static bearer tokens), jwt (HMAC-signed JWT: HS256/HS384/HS512) "
                + "or tenants (an API key per tenant; the tenant id becomes the connection's principal).") Mode mode,
        @Doc("Mode tokens: the accepted tokens.") @Secret List<String> tokens,
        @Doc("Mode jwt: the HMAC secret, at least 32 bytes (use ${ENV_VAR}; openssl rand -base64 32 makes one); or jwt.public_key / "
                + "jwt.jwks_url instead.") @Secret String secret,
        @Doc("Mode tenants: each tenant's API key as 'tenant:key,tenant:key' (one environment variable: tenants: ${TENANT_KEYS}).") @Secret String tenants,
        @Doc("Mode jwt: {public_key: key.pem | jwks_url: https://.../jwks.json, algorithms: [...], issuer: ..., audience: [...], "
                + "leeway: 60s, require_exp: true}.") JwtConfig jwt) {

    /** No authentication. */
    public static final AuthConfig NONE = new AuthConfig(Mode.NONE, null, null, null, null);
    /** The shortest HMAC secret accepted: HS256's own key size (RFC 7518 3.2). */
    public static final int MIN_SECRET_BYTES = 32;
    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9_.-]+");

    /** How clients authenticate. */
    public enum Mode {
        /** Anyone may connect. */
        NONE,
        /** A static bearer token from a list. */
        TOKENS,
        /** A JWT signed with an HMAC secret. */
        JWT,
        /** An API key per tenant; the tenant id is the principal. */
        TENANTS;

        /** Accepts the names, and YAML's {@code off}/{@code false} as none. */
        @JsonCreator
        public static Mode of(JsonNode value) {
            if (value.isBoolean() && !value.booleanValue()) {
                return NONE;
            }
            String text = value.asText().toLowerCase(Locale.ROOT);
            return switch (text) {
                case "none", "off", "false" -> NONE;
                case "tokens", "token" -> TOKENS;
                case "jwt" -> JWT;
                case "tenants", "api_keys" -> TENANTS;
                default -> throw new IllegalArgumentException("unknown auth mode '" + text + "': use none, tokens, jwt or tenants");
            };
        }
    }

    public AuthConfig {
        mode = mode == null ? Mode.NONE : mode;
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        if (mode == Mode.TOKENS && tokens.isEmpty()) {
            throw new ConfigException("tokens", "must list at least one token for mode: tokens");
        }
        jwt = jwt == null ? JwtConfig.DEFAULT : jwt;
        if (mode == Mode.JWT) {
            checkJwtKeys(secret, jwt);
        }
        if (mode == Mode.TENANTS) {
            tenantKeys(tenants); // refuses a malformed list at validation
        }
    }

    /** Without {@code jwt}: as before it had one. */
    public AuthConfig(Mode mode, List<String> tokens, String secret, String tenants) {
        this(mode, tokens, secret, tenants, null);
    }

    /** One key source, and an HMAC secret long enough and used with HMAC algorithms only. */
    private static void checkJwtKeys(String secret, JwtConfig jwt) {
        boolean hasSecret = secret != null && !secret.isEmpty();
        if (hasSecret && jwt.asymmetric()) {
            throw new ConfigException("secret", "and jwt." + (jwt.jwksUrl() != null ? "jwks_url" : "public_key")
                    + " both name keys for mode: jwt: give one");
        }
        if (!hasSecret && !jwt.asymmetric()) {
            throw new ConfigException("secret", "is required for mode: jwt (the HMAC secret), or jwt.public_key or jwt.jwks_url");
        }
        if (hasSecret) {
            int bytes = secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes < MIN_SECRET_BYTES) {
                throw new ConfigException("secret", "is " + bytes + " bytes; an HMAC secret must be at least " + MIN_SECRET_BYTES
                        + " bytes (256 bits, HS256's key size), or anyone can guess it from one token offline. "
                        + "Make one with: openssl rand -base64 32");
            }
        }
        for (String a : jwt.acceptedAlgorithms()) {
            if (hasSecret != JwtConfig.HMAC.contains(a)) {
                throw new ConfigException("jwt.algorithms", "lists " + a + ", which does not go with " + (hasSecret
                        ? "an HMAC secret: use HS256, HS384 or HS512" : "a public key: use RS256, ES256, ... (an HMAC algorithm "
                        + "with a public key would let anyone holding the public key sign tokens)"));
            }
        }
    }

    /** The tenants' keys, by tenant id, from {@code tenant:key,tenant:key}. */
    public Map<String, String> tenantKeys() {
        return mode == Mode.TENANTS ? tenantKeys(tenants) : Map.of();
    }

    private static Map<String, String> tenantKeys(String list) {
        if (list == null || list.isBlank()) {
            throw new ConfigException("tenants", "must list at least one 'tenant:key' for mode: tenants (e.g. tenants: ${TENANT_KEYS})");
        }
        Map<String, String> keys = new LinkedHashMap<>();
        for (String entry : list.split(",")) {
            String e = entry.strip();
            int colon = e.indexOf(':');
            String id = colon < 0 ? e : e.substring(0, colon);
            String key = colon < 0 ? "" : e.substring(colon + 1);
            if (!TENANT_ID.matcher(id).matches() || key.isEmpty()) {
                throw new ConfigException("tenants", "must be 'tenant:key,tenant:key' with tenant ids of letters, digits, _ . -; "
                        + "entry " + (keys.size() + 1) + " is not");
            }
            if (keys.putIfAbsent(id, key) != null) {
                throw new ConfigException("tenants", "lists tenant '" + id + "' twice");
            }
        }
        return Map.copyOf(keys);
    }

    @Override
    public String toString() {
        return "AuthConfig[mode=" + mode + ", tokens=" + tokens.size() + ", secret=" + (secret == null ? "none" : "***")
                + ", tenants=" + tenantKeys().keySet() + "]";
    }
}
