package dev.blueprint.components.websocket.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks JWTs with nimbus-jose-jwt: the signature with the HMAC secret, the PEM public key or the JWKS, under the
 * accepted algorithms only (an unsigned {@code alg: none} token, or an HMAC token where a public key is configured, is
 * refused before any key is tried: the key-confusion attack), then {@code exp}, {@code nbf}, {@code iss} and
 * {@code aud} with the leeway. A JWKS is cached for five minutes and fetched again when a token names a key it does
 * not hold (the provider rotated its keys), at most once every ten seconds, so that tokens with made-up key ids cannot
 * make this server hammer the provider.
 */
final class JwtVerifier {
    private static final Logger log = LoggerFactory.getLogger(JwtVerifier.class);
    private static final long JWKS_TTL_MS = 5 * 60_000;
    private static final long JWKS_REFRESH_TIMEOUT_MS = 5_000;
    private static final long JWKS_MIN_REFRESH_INTERVAL_MS = 10_000;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    JwtVerifier(String secret, JwtConfig config, Path baseDirectory) {
        Set<JWSAlgorithm> algorithms = config.acceptedAlgorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toSet());
        if (config.publicKey() != null) {
            // one key, whatever key id a token names: a PEM file has none
            JWK key = readPem(baseDirectory.resolve(config.publicKey()));
            processor.setJWSKeySelector((header, context) -> algorithms.contains(header.getAlgorithm()) && fits(key, header.getAlgorithm())
                    ? List.of(publicKey(key)) : List.of());
        } else {
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys(secret, config)));
        }
        Set<String> required = new HashSet<>();
        if (config.requireExp()) {
            required.add("exp");
        }
        JWTClaimsSet exact = config.issuer() == null ? new JWTClaimsSet.Builder().build()
                : new JWTClaimsSet.Builder().issuer(config.issuer()).build();
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                config.audience().isEmpty() ? null : new HashSet<>(config.audience()), exact, required, null);
        claims.setMaxClockSkew((int) config.leeway().toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The token's subject ({@code jwt} without one) when it is valid; empty otherwise. Blocks only to fetch a JWKS. */
    Optional<String> verify(String token) {
        try {
            JWTClaimsSet claims = processor.process(token, null);
            String sub = claims.getSubject();
            return Optional.of(sub == null || sub.isEmpty() ? "jwt" : sub);
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
            log.debug("refused a JWT: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Whether {@code algorithm} is of {@code key}'s family (RS and PS for RSA, ES for EC). */
    private static boolean fits(JWK key, JWSAlgorithm algorithm) {
        return key instanceof RSAKey ? JWSAlgorithm.Family.RSA.contains(algorithm) : JWSAlgorithm.Family.EC.contains(algorithm);
    }

    private static java.security.Key publicKey(JWK key) {
        try {
            return key instanceof RSAKey rsa ? rsa.toPublicKey() : ((ECKey) key).toPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWKSource<SecurityContext> keys(String secret, JwtConfig config) {
        if (config.jwksUrl() != null) {
            try {
                return JWKSourceBuilder.create(URI.create(config.jwksUrl()).toURL())
                        .cache(JWKS_TTL_MS, JWKS_REFRESH_TIMEOUT_MS)
                        .rateLimited(JWKS_MIN_REFRESH_INTERVAL_MS)
                        .refreshAheadCache(false)
                        .retrying(true)
                        .build();
            } catch (java.net.MalformedURLException e) {
                throw new IllegalArgumentException("jwt.jwks_url is not a URL: " + e.getMessage(), e);
            }
        }
        return new ImmutableSecret<>(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** An RSA or EC public key from a PEM file ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo). */
    static JWK readPem(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("jwt.public_key: cannot read " + file + ": " + e.getMessage(), e);
        }
        int begin = pem.indexOf("-----BEGIN PUBLIC KEY-----");
        int end = pem.indexOf("-----END PUBLIC KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("jwt.public_key: " + file + " holds no '-----BEGIN PUBLIC KEY-----' block (a PEM public key: "
                    + "openssl rsa -in private.pem -pubout)");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 26, end));
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                PublicKey key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
                return key instanceof RSAPublicKey rsa ? new RSAKey.Builder(rsa).build()
                        : new ECKey.Builder(com.nimbusds.jose.jwk.Curve.forECParameterSpec(((ECPublicKey) key).getParams()),
                                (ECPublicKey) key).build();
            } catch (GeneralSecurityException | ClassCastException e) {
                // not this family: try the next
            }
        }
        throw new IllegalArgumentException("jwt.public_key: " + file + " is neither an RSA nor an EC public key");
    }
}
