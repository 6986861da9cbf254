package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WebSocket component's JWT mode through the CLI jar, with tokens an identity provider would issue: RS256 and
 * ES256 from a JWKS the test serves (and rotates), RS256 from a PEM file, HS256/HS512 from a secret; and the tokens
 * an attacker would try: expired, for another audience or issuer, without exp, unsigned ({@code alg: none}), and
 * HS256 signed with the RSA public key (key confusion). Weak secrets never get as far as a run.
 */
class JwtAuthIT {
    private static final String ISSUER = "https://id.example.com/";
    private static final String AUDIENCE = "blueprint-feed";
    private static final String SECRET = "hmac-secret-of-more-than-thirty-two-bytes";

    @TempDir
    Path dir;
    private HttpServer jwks;
    private final AtomicReference<String> published = new AtomicReference<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private RSAKey rsa;
    private ECKey ec;

    @BeforeEach
    void identityProvider() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        publish(rsa, ec);
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
    }

    @AfterEach
    void stop() {
        jwks.stop(0);
    }

    private void publish(JWK... keys) {
        published.set(new JWKSet(List.of(keys)).toPublicJWKSet().toString());
    }

    private Path blueprint() throws Exception {
        Path pem = dir.resolve("signing-key.pem");
        Files.writeString(pem, pem(rsa));
        return CliRunner.write(dir, "jwt.yaml", """
                system:
                  name: jwt
                  components:
                    - {name: ingest, type: Source, config: {variant: http, host: 127.0.0.1, port: 0, path: /in}}
                    - name: jwks
                      type: WebSocket
                      config:
                        host: 127.0.0.1
                        port: 0
                        auth: {mode: jwt, jwt: {jwks_url: "http://127.0.0.1:%d/.well-known/jwks.json", issuer: "%s", audience: [%s], leeway: 5s}}
                    - name: pem
                      type: WebSocket
                      config:
                        host: 127.0.0.1
                        port: 0
                        auth: {mode: jwt, jwt: {public_key: signing-key.pem, algorithms: [RS256]}}
                    - name: hmac
                      type: WebSocket
                      config:
                        host: 127.0.0.1
                        port: 0
                        auth: {mode: jwt, secret: "%s", jwt: {require_exp: false}}
                  bindings:
                    - {from: ingest.output, to: jwks.input}
                    - {from: ingest.output, to: pem.input}
                    - {from: ingest.output, to: hmac.input}
                """.formatted(jwks.getAddress().getPort(), ISSUER, AUDIENCE, SECRET));
    }

    @Test
    void tokensOfTheProvidersKeysAreAcceptedAndForgedOrStaleOnesRefused() throws Exception {
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", blueprint().toString())) {
            int port = run.port("jwks");
            assertThat(status(port, signed(rsa, JWSAlgorithm.RS256, claims()))).as("RS256 from the JWKS").isEqualTo(101);
            assertThat(status(port, signed(ec, JWSAlgorithm.ES256, claims()))).as("ES256 from the JWKS").isEqualTo(101);

            long now = System.currentTimeMillis();
            assertThat(status(port, signed(rsa, JWSAlgorithm.RS256, claims().expirationTime(new Date(now - 60_000)))))
                    .as("expired beyond the leeway").isEqualTo(401);
            assertThat(status(port, signed(rsa, JWSAlgorithm.RS256, claims().audience("another-api")))).as("wrong aud").isEqualTo(401);
            assertThat(status(port, signed(rsa, JWSAlgorithm.RS256, claims().issuer("https://evil.example/")))).as("wrong iss").isEqualTo(401);
            assertThat(status(port, signed(rsa, JWSAlgorithm.RS256, claims().expirationTime(null)))).as("no exp").isEqualTo(401);
            assertThat(status(port, unsigned(claims()))).as("alg: none").isEqualTo(401);
            String confused = hmacSigned(pem(rsa).getBytes(StandardCharsets.US_ASCII), claims(), "rsa-1");
            assertThat(status(port, confused)).as("HS256 signed with the RSA public key").isEqualTo(401);
            assertThat(status(port, hmacSigned(rsa.toRSAPublicKey().getEncoded(), claims(), "rsa-1"))).as("... as DER").isEqualTo(401);
        }
    }

    @Test
    void aRotatedKeyIsFetchedAndTheRetiredOneStopsWorking() throws Exception {
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", blueprint().toString())) {
            int port = run.port("jwks");
            String old = signed(rsa, JWSAlgorithm.RS256, claims());
            assertThat(status(port, old)).isEqualTo(101);
            RSAKey next = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
            publish(next, ec);
            String rotated = signed(next, JWSAlgorithm.RS256, claims());
            await("the new key fetched on its first token").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> status(port, rotated) == 101);
            assertThat(status(port, old)).as("the retired key, no longer published").isEqualTo(401);
            assertThat(fetches.get()).as("fetched at first use and on rotation, not per token").isBetween(2, 4);
        }
    }

    @Test
    void aPemKeyAndAnHmacSecretVerifyTheirOwnTokensOnly() throws Exception {
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", blueprint().toString())) {
            int pem = run.port("pem");
            assertThat(status(pem, signed(rsa, JWSAlgorithm.RS256, claims()))).isEqualTo(101);
            assertThat(status(pem, hmacSigned(pem(rsa).getBytes(StandardCharsets.US_ASCII), claims(), null))).as("key confusion").isEqualTo(401);
            assertThat(status(pem, signed(ec, JWSAlgorithm.ES256, claims()))).as("an algorithm not listed").isEqualTo(401);

            int hmac = run.port("hmac");
            assertThat(status(hmac, hmacSigned(SECRET.getBytes(StandardCharsets.UTF_8), claims(), null))).isEqualTo(101);
            assertThat(status(hmac, hmacSigned(SECRET.getBytes(StandardCharsets.UTF_8), claims().expirationTime(null), null)))
                    .as("require_exp: false").isEqualTo(101);
            assertThat(status(hmac, hmacSigned("another-secret-of-more-than-thirty-two-b".getBytes(StandardCharsets.UTF_8), claims(), null)))
                    .isEqualTo(401);
            assertThat(status(hmac, unsigned(claims()))).as("alg: none").isEqualTo(401);
        }
    }

    @Test
    void anEmptyOrShortSecretAndAnHmacAlgorithmWithAPublicKeyAreRefusedAtValidate() {
        Map<String, String> cases = Map.of(
                "auth: {mode: jwt, secret: \"\"}", "auth.secret is required for mode: jwt",
                "auth: {mode: jwt, secret: s3cret}", "auth.secret is 6 bytes; an HMAC secret must be at least 32 bytes",
                "auth: {mode: jwt, jwt: {jwks_url: \"https://id.example.com/jwks.json\", algorithms: [HS256]}}",
                "lists HS256, which does not go with a public key",
                "auth: {mode: jwt, secret: \"" + SECRET + "\", jwt: {algorithms: [none]}}", "unsigned tokens are never accepted");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path file = CliRunner.write(dir, "weak.yaml", """
                    system:
                      name: weak
                      components:
                        - {name: ws, type: WebSocket, config: {port: 0, %s}}
                      bindings: []
                    """.formatted(c.getKey()));
            CliRunner.Result result = CliRunner.run(Duration.ofSeconds(30), Map.of(), "validate", file.toString());
            assertThat(result.exitCode()).as(c.getKey()).isEqualTo(2);
            assertThat(result.stderr()).as(c.getKey()).contains("weak.yaml:4:", c.getValue());
        }
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().subject("ada").issuer(ISSUER).audience(AUDIENCE)
                .expirationTime(new Date(System.currentTimeMillis() + 300_000));
    }

    private static String signed(JWK key, JWSAlgorithm alg, JWTClaimsSet.Builder claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(), claims.build());
        jwt.sign(key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key));
        return jwt.serialize();
    }

    private static String hmacSigned(byte[] secret, JWTClaimsSet.Builder claims, String keyId) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(keyId).build(), claims.build());
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    /** {@code {"alg":"none"}.claims.}: what an attacker sends hoping the server skips the signature. */
    private static String unsigned(JWTClaimsSet.Builder claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.build().toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static String pem(RSAKey key) throws Exception {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.toRSAPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    /** The status of a WebSocket upgrade carrying {@code token} as a bearer token: 101 accepted, 401 refused. */
    private static int status(int port, String token) throws Exception {
        return RawHttp.upgrade(port, "/", RawHttp.host("127.0.0.1:" + port, "Authorization", "Bearer " + token)).status();
    }
}
