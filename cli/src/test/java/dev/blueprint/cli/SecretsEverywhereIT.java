package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.blueprint.components.testkit.SharedBrokers;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret of a blueprint leaves the run, whichever way out: a blueprint using every secret-bearing key (static
 * tokens, a JWT secret, tenants' keys, the admin token, the keystore password, a websocket client's token, URL query
 * token and Authorization / X-Api-Key / Cookie headers, passwords in Redis, MQTT and NATS URLs, an HTTP sink's
 * {@code ?api_key=}, a process's environment) runs at DEBUG against real servers; its logs, {@code /metrics} on the
 * ops port and on the WebSocket port, {@code /api/pipeline} and every {@code /api/components/NAME} are searched for
 * each secret and hold none, while what is not secret still shows.
 */
class SecretsEverywhereIT {
    private static final List<String> SECRETS = List.of("S3-static-token", "S3-jwt-secret-of-thirty-two-bytes-or-more", "S3-tenant-key",
            "S3-admin-token", "S3-keystore-pw", "S3-client-token", "S3-url-token", "S3-url-token-two", "S3-header-bearer",
            "S3-header-api-key", "S3-header-cookie", "S3-redis-pw", "S3-mqtt-pw", "S3-nats-pw", "S3-hook-key", "S3-env-db-pass");
    private static final List<String> COMPONENTS = List.of("ingest", "ws_tokens", "ws_jwt", "ws_tenants", "ws_tls", "feed", "push",
            "redis_in", "mqtt_out", "nats_out", "hook", "model", "drop");

    @TempDir
    Path dir;

    @Test
    void noSecretAppearsInLogsMetricsOrTheOpsApi() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "blueprint", "-keyalg", "EC", "-groupname", "secp256r1", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", "S3-keystore-pw", "-keypass", "S3-keystore-pw", "-dname", "CN=localhost", "-validity", "2")
                .redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor()).isZero();
        List<String> handshakes = new ArrayList<>();
        WebSocketServer upstream = new WebSocketServer(new InetSocketAddress("127.0.0.1", 0)) {
            @Override
            public void onOpen(WebSocket conn, ClientHandshake handshake) {
                synchronized (handshakes) {
                    handshakes.add(handshake.getResourceDescriptor() + " " + handshake.getFieldValue("X-Api-Key"));
                }
            }

            @Override
            public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            }

            @Override
            public void onMessage(WebSocket conn, String message) {
            }

            @Override
            public void onError(WebSocket conn, Exception ex) {
            }

            @Override
            public void onStart() {
            }
        };
        upstream.setReuseAddr(true);
        upstream.start();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        try {
            await("the upstream WebSocket server listening").atMost(Duration.ofSeconds(10)).until(() -> upstream.getPort() > 0);
            Path file = CliRunner.write(dir, "secrets.yaml", blueprint(upstream.getPort(), hook.getAddress().getPort(), keystore));
            try (CliRunner.Running run = CliRunner.start(Map.of(), "run", "--log-level", "debug", file.toString())) {
                int ops = run.opsPort();
                int ws = run.port("ws_tokens");
                await("both websocket clients connected").atMost(Duration.ofSeconds(30)).until(() -> {
                    synchronized (handshakes) {
                        return handshakes.size() >= 2;
                    }
                });
                synchronized (handshakes) {
                    assertThat(handshakes).as("the secrets themselves reach the upstream server").anyMatch(h -> h.contains("S3-url-token"))
                            .anyMatch(h -> h.contains("S3-header-api-key"));
                }
                List<String> outputs = new ArrayList<>();
                outputs.add(CliRunner.httpGet(ops, "/metrics").body());
                outputs.add(CliRunner.httpGet(ws, "/metrics").body());
                outputs.add(CliRunner.httpGet(ops, "/api/pipeline").body());
                for (String c : COMPONENTS) {
                    outputs.add(CliRunner.httpGet(ops, "/api/components/" + c).body());
                }
                assertThat(outputs.get(0)).as("connector labels are there, cleaned").contains("connector_up{", "token=***");
                assertThat(outputs.get(2)).as("what is not secret still shows").contains("visible-trace", "\"PLAIN\":\"(redacted)\"", "\"X-Api-Key\":\"(redacted)\"",
                        "\"DB_PASS\":\"(redacted)\"", "token=***");
                run.signal("TERM");
                CliRunner.Result done = run.await(Duration.ofSeconds(30));
                outputs.add(done.stderr());
                outputs.add(done.stdout());
                assertThat(done.stderr()).as("the run logged at DEBUG").contains("DEBUG", "INFO");
                for (String out : outputs) {
                    for (String secret : SECRETS) {
                        assertThat(out).as("output %d holds %s", outputs.indexOf(out), secret).doesNotContain(secret);
                    }
                }
            }
        } finally {
            upstream.stop(1000);
            hook.stop(0);
        }
    }

    private static String blueprint(int upstream, int hook, Path keystore) {
        return """
                system:
                  name: secrets_everywhere
                  components:
                    - {name: ingest, type: Source, config: {variant: http, host: 127.0.0.1, port: 0, path: /in}}
                    - name: ws_tokens
                      type: WebSocket
                      config: {host: 127.0.0.1, port: 0, auth: {mode: tokens, tokens: [S3-static-token]}, admin: {enabled: true, token: S3-admin-token}}
                    - name: ws_jwt
                      type: WebSocket
                      config: {host: 127.0.0.1, port: 0, auth: {mode: jwt, secret: S3-jwt-secret-of-thirty-two-bytes-or-more}}
                    - name: ws_tenants
                      type: WebSocket
                      config: {host: 127.0.0.1, port: 0, auth: {mode: tenants, tenants: "acme:S3-tenant-key"}}
                    - name: ws_tls
                      type: WebSocket
                      config: {host: 127.0.0.1, port: 0, tls: {keystore: "%s", password: S3-keystore-pw}}
                    - name: feed
                      type: Source
                      config:
                        variant: websocket
                        url: "ws://127.0.0.1:%d/feed?token=S3-url-token&topic=t"
                        token: S3-client-token
                        headers: {Authorization: "Bearer S3-header-bearer", X-Api-Key: S3-header-api-key, Cookie: "sid=S3-header-cookie", X-Trace: visible-trace}
                    - name: push
                      type: Sink
                      config:
                        variant: websocket
                        url: "ws://127.0.0.1:%d/push?access_token=S3-url-token-two"
                        headers: {X-Api-Key: S3-header-api-key}
                    - {name: redis_in, type: Source, config: {variant: redis, url: "%s", channels: [secrets]}}
                    - {name: mqtt_out, type: Sink, config: {variant: mqtt, url: "%s", topic: secrets}}
                    - {name: nats_out, type: Sink, config: {variant: nats, url: "%s", subject: secrets}}
                    - {name: hook, type: Sink, config: {variant: http, url: "http://127.0.0.1:%d/hook?api_key=S3-hook-key"}}
                    - name: model
                      type: Process
                      config: {command: [cat], env: {DB_PASS: S3-env-db-pass, PLAIN: PLAIN_VALUE}}
                    - {name: drop, type: Sink, config: {variant: discard}}
                  bindings:
                    - {from: ingest.output, to: ws_tokens.input}
                    - {from: ingest.output, to: ws_jwt.input}
                    - {from: ingest.output, to: ws_tenants.input}
                    - {from: ingest.output, to: ws_tls.input}
                    - {from: ingest.output, to: push.input}
                    - {from: ingest.output, to: mqtt_out.input}
                    - {from: ingest.output, to: nats_out.input}
                    - {from: ingest.output, to: hook.input}
                    - {from: ingest.output, to: model.input}
                    - {from: feed.output, to: drop.input}
                    - {from: redis_in.output, to: drop.input}
                    - {from: model.output, to: drop.input}
                """.formatted(keystore, upstream, upstream, withPassword(SharedBrokers.redis().url(), "default", "S3-redis-pw"),
                withPassword(SharedBrokers.mosquitto().url(), "blueprint", "S3-mqtt-pw"),
                withPassword(SharedBrokers.nats().url(), "blueprint", "S3-nats-pw"), hook);
    }

    /** {@code scheme://host:port...} with {@code user:password@} put in. */
    private static String withPassword(String url, String user, String password) {
        int scheme = url.indexOf("://") + 3;
        return url.substring(0, scheme) + user + ":" + password + "@" + url.substring(scheme);
    }
}
