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
 */
public record AuthConfig(
        @Doc("none (the default; YAML off works too), tokens (static bearer tokens), jwt (HMAC-signed JWT: HS256/HS384/HS512) "
                + "or tenants (an API key per tenant; the tenant id becomes the connection's principal).") Mode mode,
        @Doc("Mode tokens: the accepted tokens.") @Secret List<String> tokens,
        @Doc("Mode jwt: the HMAC secret (use ${ENV_VAR}).") @Secret String secret,
        @Doc("Mode tenants: each tenant's API key as 'tenant:key,tenant:key' (one environment variable: tenants: ${TENANT_KEYS}).") @Secret String tenants) {

    /** No authentication. */
    public static final AuthConfig NONE = new AuthConfig(Mode.NONE, null, null, null);
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
        if (mode == Mode.JWT && (secret == null || secret.isEmpty())) {
            throw new ConfigException("secret", "is required for mode: jwt (the HMAC secret)");
        }
        if (mode == Mode.TENANTS) {
            tenantKeys(tenants); // refuses a malformed list at validation
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
