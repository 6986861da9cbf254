package dev.blueprint.components.websocket.auth;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How JWTs are checked (mode jwt), beside the HMAC {@code secret} of {@link AuthConfig}: a public key or a JWKS URL for
 * RS256/ES256, the claims required, and the clock leeway.
 *
 * @param publicKey a PEM file (RSA or EC public key), relative to the blueprint's folder
 * @param jwksUrl where the identity provider publishes its keys (cached, refreshed when a token names an unknown key)
 * @param algorithms the algorithms accepted; by default those of the key source
 * @param issuer the {@code iss} a token must carry, or null for any
 * @param audience the {@code aud} values accepted (a token must name one), or empty for any
 * @param leeway the clock skew allowed on {@code exp} and {@code nbf}
 * @param requireExp whether a token without {@code exp} is refused (default true: one without never expires)
 */
public record JwtConfig(
        @Doc("PEM file holding the RSA or EC public key tokens are signed for (RS256, ES256), relative to the blueprint.") String publicKey,
        @Doc("JWKS URL of the identity provider (Auth0, Keycloak, Cognito: .../.well-known/jwks.json); keys are cached 5 minutes and "
                + "fetched again when a token names a key not yet known (key rotation), at most every 10 s.") String jwksUrl,
        @Doc("Algorithms accepted (default: HS256, HS384, HS512 with secret; RS256, ES256 with public_key or jwks_url). "
                + "none is never accepted, nor an HMAC algorithm with a public key.") List<String> algorithms,
        @Doc("The iss claim a token must carry (e.g. https://example.auth0.com/); any when absent.") String issuer,
        @Doc("The aud values accepted: a token must name one of them; any when absent.") List<String> audience,
        @Doc("Clock skew allowed when checking exp and nbf (default 60s).") Duration leeway,
        @Doc("Refuse tokens without exp (default true); false accepts tokens that never expire.") Boolean requireExp) {

    /** The defaults: HMAC with {@code auth.secret}, exp required, 60 s of leeway. */
    public static final JwtConfig DEFAULT = new JwtConfig(null, null, null, null, null, null, null);
    static final Set<String> HMAC = Set.of("HS256", "HS384", "HS512");
    static final Set<String> ASYMMETRIC = Set.of("RS256", "RS384", "RS512", "PS256", "ES256", "ES384");

    public JwtConfig {
        publicKey = blankToNull(publicKey);
        jwksUrl = blankToNull(jwksUrl);
        if (publicKey != null && jwksUrl != null) {
            throw new ConfigException("jwt.jwks_url", "and jwt.public_key both name keys: give one");
        }
        if (jwksUrl != null) {
            URI uri;
            try {
                uri = new URI(jwksUrl);
            } catch (java.net.URISyntaxException e) {
                throw new ConfigException("jwt.jwks_url", "is not a URL: " + e.getReason());
            }
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new ConfigException("jwt.jwks_url", "must be an https:// URL, e.g. https://example.auth0.com/.well-known/jwks.json");
            }
        }
        algorithms = algorithms == null ? List.of() : algorithms.stream().map(a -> a.strip().toUpperCase(Locale.ROOT)).toList();
        for (String a : algorithms) {
            if (!HMAC.contains(a) && !ASYMMETRIC.contains(a)) {
                throw new ConfigException("jwt.algorithms", "lists '" + a + "': use HS256, HS384, HS512, RS256, RS384, RS512, PS256, "
                        + "ES256 or ES384" + (a.equals("NONE") ? " (unsigned tokens are never accepted)" : ""));
            }
        }
        issuer = blankToNull(issuer);
        audience = audience == null ? List.of() : List.copyOf(audience);
        leeway = leeway == null ? Duration.ofSeconds(60) : leeway;
        if (leeway.isNegative() || leeway.toSeconds() > 3600) {
            throw new ConfigException("jwt.leeway", "must be 0s..1h, was " + leeway);
        }
        requireExp = requireExp == null || requireExp;
    }

    /** Whether tokens are checked with a public key (a PEM file or a JWKS), not an HMAC secret. */
    public boolean asymmetric() {
        return publicKey != null || jwksUrl != null;
    }

    /** The algorithms accepted: those listed, else the key source's. */
    public List<String> acceptedAlgorithms() {
        if (!algorithms.isEmpty()) {
            return algorithms;
        }
        return asymmetric() ? List.of("RS256", "ES256") : List.of("HS256", "HS384", "HS512");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
