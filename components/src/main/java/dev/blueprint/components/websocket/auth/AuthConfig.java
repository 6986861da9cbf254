package dev.blueprint.components.websocket.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import java.util.List;
import java.util.Locale;

/**
 * Client authentication settings.
 *
 * @param mode none, tokens or jwt
 * @param tokens the accepted bearer tokens (mode tokens)
 * @param secret the HMAC secret JWTs are signed with (mode jwt)
 */
public record AuthConfig(
        @Doc("none (the default; YAML off works too), tokens (static bearer tokens) or jwt (HMAC-signed JWT: HS256/HS384/HS512).") Mode mode,
        @Doc("Mode tokens: the accepted tokens.") List<String> tokens,
        @Doc("Mode jwt: the HMAC secret (use ${ENV_VAR}).") String secret) {

    /** No authentication. */
    public static final AuthConfig NONE = new AuthConfig(Mode.NONE, null, null);

    /** How clients authenticate. */
    public enum Mode {
        /** Anyone may connect. */
        NONE,
        /** A static bearer token from a list. */
        TOKENS,
        /** A JWT signed with an HMAC secret. */
        JWT;

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
                default -> throw new IllegalArgumentException("unknown auth mode '" + text + "': use none, tokens or jwt");
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
    }

    @Override
    public String toString() {
        return "AuthConfig[mode=" + mode + ", tokens=" + tokens.size() + ", secret=" + (secret == null ? "none" : "***") + "]";
    }
}
