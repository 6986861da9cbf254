package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a web page in the operator's browser can reach, tried as the page would through the CLI jar with raw HTTP and
 * WebSocket requests: a rebinding DNS name (a foreign {@code Host}) gets 403 on every endpoint of the ops server and
 * of the WebSocket component, a foreign {@code Origin} cannot open {@code /live}, and an ops server off loopback wants
 * its token. The same requests with an allowed Host and Origin are served, and every refusal is counted by reason.
 */
class BrowserReachIT {
    private static final String ADMIN = "admin-token-5e0c1d";
    private static final String EVIL = "evil.example";
    private static final List<String> OPS_ENDPOINTS = List.of("/", "/health", "/ready", "/metrics", "/api/pipeline", "/api/stats",
            "/api/components/ws");
    private static final List<String> WS_ENDPOINTS = List.of("/", "/health", "/ready", "/metrics");

    @TempDir
    Path dir;

    private Path blueprint() {
        return CliRunner.write(dir, "reach.yaml", """
                system:
                  name: reach
                  components:
                    - {name: ingest, type: Source, config: {variant: http, host: 127.0.0.1, port: 0, path: /in}}
                    - name: ws
                      type: WebSocket
                      config:
                        host: 127.0.0.1
                        port: 0
                        path: /ws
                        admin: {enabled: true, token: "%s"}
                        allowed_hosts: [feed.example.com, .corp.example]
                  bindings:
                    - {from: ingest.output, to: ws.input}
                """.formatted(ADMIN));
    }

    @Test
    void aForeignHostIsRefusedOnEveryEndpointAndAllowedNamesAreServed() throws Exception {
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", "--http-allowed-hosts", "blueprint.internal", blueprint().toString())) {
            int ops = run.opsPort();
            int ws = run.port("ws");
            await("the pipeline ready").atMost(Duration.ofSeconds(20)).until(() -> RawHttp.get(ops, "/ready",
                    RawHttp.host("127.0.0.1:" + ops)).status() == 200);
            for (String path : OPS_ENDPOINTS) {
                RawHttp.Response foreign = RawHttp.get(ops, path, RawHttp.host(EVIL + ":" + ops));
                assertThat(foreign.status()).as("ops %s with Host %s", path, EVIL).isEqualTo(403);
                assertThat(foreign.body()).as("one line naming the reason").contains("Host 'evil.example:").endsWith("\n")
                        .hasLineCount(1);
                for (String allowed : List.of("127.0.0.1:" + ops, "localhost:" + ops, "[::1]:" + ops, "blueprint.internal:" + ops)) {
                    assertThat(RawHttp.get(ops, path, RawHttp.host(allowed)).status()).as("ops %s with Host %s", path, allowed).isEqualTo(200);
                }
            }
            assertThat(RawHttp.upgrade(ops, "/live", RawHttp.host(EVIL + ":" + ops)).status()).as("ops /live, foreign Host").isEqualTo(403);
            assertThat(RawHttp.upgrade(ops, "/live", RawHttp.host("localhost:" + ops)).status()).as("ops /live").isEqualTo(101);

            for (String path : WS_ENDPOINTS) {
                assertThat(RawHttp.get(ws, path, RawHttp.host(EVIL + ":" + ws)).status()).as("ws %s, foreign Host", path).isEqualTo(403);
                for (String allowed : List.of("127.0.0.1:" + ws, "localhost", "feed.example.com", "a.corp.example:" + ws)) {
                    assertThat(RawHttp.get(ws, path, RawHttp.host(allowed)).status()).as("ws %s with Host %s", path, allowed).isEqualTo(200);
                }
            }
            Map<String, String> admin = RawHttp.host(EVIL, "Authorization", "Bearer " + ADMIN);
            assertThat(RawHttp.get(ws, "/connections", admin).status()).as("admin API, foreign Host, right token").isEqualTo(403);
            assertThat(RawHttp.get(ws, "/connections", RawHttp.host("127.0.0.1", "Authorization", "Bearer " + ADMIN)).status())
                    .as("admin API").isEqualTo(200);
            assertThat(RawHttp.upgrade(ws, "/ws", RawHttp.host(EVIL)).status()).as("ws upgrade, foreign Host").isEqualTo(403);
            assertThat(RawHttp.upgrade(ws, "/ws", RawHttp.host("feed.example.com")).status()).as("ws upgrade").isEqualTo(101);
            assertThat(RawHttp.get(ws, "/health", Map.of()).status()).as("no Host at all: not a browser").isEqualTo(200);

            String metrics = RawHttp.get(ops, "/metrics", RawHttp.host("127.0.0.1")).body();
            assertThat(counter(metrics, "blueprint_ops_refused_total", "host")).isEqualTo(OPS_ENDPOINTS.size() + 1);
            assertThat(counter(metrics, "websocket_refused_total", "host")).isEqualTo(WS_ENDPOINTS.size() + 2);
        }
    }

    @Test
    void aForeignOriginCannotOpenLiveAndTheOpsServersOwnPageCan() throws Exception {
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", blueprint().toString())) {
            int ops = run.opsPort();
            String self = "127.0.0.1:" + ops;
            RawHttp.Response evil = RawHttp.upgrade(ops, "/live", RawHttp.host(self, "Origin", "http://" + EVIL));
            assertThat(evil.status()).isEqualTo(403);
            assertThat(evil.body()).contains("Origin http://evil.example may not open /live");
            assertThat(RawHttp.upgrade(ops, "/live", RawHttp.host(self, "Origin", "http://127.0.0.1:1")).status())
                    .as("another port of this host is another origin").isEqualTo(403);
            assertThat(RawHttp.upgrade(ops, "/live", RawHttp.host(self, "Origin", "http://" + self)).status()).as("its own page").isEqualTo(101);
            assertThat(RawHttp.upgrade(ops, "/live", RawHttp.host(self)).status()).as("no Origin: not a page").isEqualTo(101);
            assertThat(counter(RawHttp.get(ops, "/metrics", RawHttp.host(self)).body(), "blueprint_ops_refused_total", "origin")).isEqualTo(2);
        }
    }

    @Test
    void anOpsServerOffLoopbackWantsItsTokenExceptForProbes() throws Exception {
        String token = "ops-token-2b7d9a41c6e8f0d3a5b7c9e1f2a4b6c8";
        try (CliRunner.Running run = CliRunner.start(Map.of("BLUEPRINT_HTTP_TOKEN", token), "run", "--http", "0.0.0.0:0",
                blueprint().toString())) {
            int ops = run.opsPort();
            String self = "127.0.0.1:" + ops;
            for (String path : OPS_ENDPOINTS.subList(2, OPS_ENDPOINTS.size())) {
                if (!path.equals("/ready")) {
                    RawHttp.Response refused = RawHttp.get(ops, path, RawHttp.host(self));
                    assertThat(refused.status()).as("%s without the token", path).isEqualTo(401);
                    assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer");
                    assertThat(RawHttp.get(ops, path, RawHttp.host(self, "Authorization", "Bearer wrong")).status()).isEqualTo(401);
                    assertThat(RawHttp.get(ops, path, RawHttp.host(self, "Authorization", "Bearer " + token)).status())
                            .as("%s with the token", path).isEqualTo(200);
                }
            }
            assertThat(RawHttp.get(ops, "/", RawHttp.host(self)).status()).as("the page without the token").isEqualTo(401);
            await("ready, asked without a token").atMost(Duration.ofSeconds(20))
                    .until(() -> RawHttp.get(ops, "/ready", RawHttp.host(self)).status() == 200);
            assertThat(RawHttp.get(ops, "/health", RawHttp.host(self)).status()).as("liveness stays open").isEqualTo(200);
            assertThat(CliRunner.run(Duration.ofSeconds(20), Map.of(), "probe", "http://" + self + "/ready").exitCode())
                    .as("blueprint probe (the image's HEALTHCHECK)").isZero();

            RawHttp.Response signIn = RawHttp.get(ops, "/?token=" + token, RawHttp.host(self));
            assertThat(signIn.status()).as("the page trades ?token= for a cookie").isEqualTo(303);
            assertThat(signIn.header("Location")).isEqualTo("/");
            String cookie = signIn.header("Set-Cookie");
            assertThat(cookie).contains("HttpOnly", "SameSite=Strict", "Path=/");
            String pair = cookie.substring(0, cookie.indexOf(';'));
            assertThat(RawHttp.get(ops, "/api/pipeline", RawHttp.host(self, "Cookie", pair)).status()).isEqualTo(200);
            assertThat(RawHttp.upgrade(ops, "/live", RawHttp.host(self, "Origin", "http://" + self)).status()).isEqualTo(401);
            assertThat(RawHttp.upgrade(ops, "/live", RawHttp.host(self, "Origin", "http://" + self, "Cookie", pair)).status()).isEqualTo(101);
            assertThat(counter(RawHttp.get(ops, "/metrics", RawHttp.host(self, "Authorization", "Bearer " + token)).body(),
                    "blueprint_ops_refused_total", "unauthorized")).isGreaterThanOrEqualTo(6);
            assertThat(run.stderr()).doesNotContain(token);
        }
    }

    @Test
    void aGeneratedTokenIsPrintedOnceAsALogLineAndInsecureServesWithoutOne() throws Exception {
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", "--http", "0.0.0.0:0", "--log-format", "json", blueprint().toString())) {
            int ops = run.opsPort();
            run.awaitStderr("?token=");
            assertThat(run.stderr().lines().filter(l -> !l.isBlank())).as("JSON logs, the token's line too").allMatch(l -> l.startsWith("{"));
            Matcher m = Pattern.compile("/\\?token=([A-Za-z0-9_-]{43}) ").matcher(run.stderr());
            assertThat(m.find()).as("the printed address with its token").isTrue();
            String token = m.group(1);
            assertThat(run.stderr().split(Pattern.quote(token), -1)).as("printed once").hasSize(2);
            assertThat(RawHttp.get(ops, "/api/stats", RawHttp.host("127.0.0.1")).status()).isEqualTo(401);
            assertThat(RawHttp.get(ops, "/api/stats", RawHttp.host("127.0.0.1", "Authorization", "Bearer " + token)).status()).isEqualTo(200);
        }
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", "--http", "0.0.0.0:0", "--http-insecure", blueprint().toString())) {
            int ops = run.opsPort();
            assertThat(RawHttp.get(ops, "/api/stats", RawHttp.host("127.0.0.1")).status()).isEqualTo(200);
            assertThat(run.stderr()).contains("WARN", "without authentication (--http-insecure)").doesNotContain("?token=");
        }
    }

    /** The value of {@code name{...reason="reason"...}} in a Prometheus text, summed over its other labels. */
    static long counter(String metrics, String name, String reason) {
        long sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "{") && line.contains("reason=\"" + reason + "\"")) {
                sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
