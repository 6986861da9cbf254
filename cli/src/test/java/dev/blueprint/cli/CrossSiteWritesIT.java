package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blueprint.components.websocket.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No cross-site writes by default, through the CLI jar: a page on another site can neither inject records into the
 * HTTP Source nor open the WebSocket component's feed, while curl-like clients (no Origin) and the server's own
 * pages are served as before.
 */
class CrossSiteWritesIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void aCrossSiteTextPlainPostToTheHttpSourceIsRefusedAndNothingReachesTheSink() throws Exception {
        Path file = CliRunner.write(dir, "ingest.yaml", """
                system:
                  name: ingest
                  components:
                    - {name: ingest, type: Source, config: {variant: http, host: 127.0.0.1, port: 0, path: /events}}
                    - {name: out, type: Sink}
                  bindings:
                    - {from: ingest.output, to: out.input}
                """);
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", file.toString())) {
            int port = run.port("ingest");

            // what a form or fetch() on http://evil.example sends without a preflight
            HttpResponse<String> crossSite = post(port, "{\"injected\":1}", "text/plain;charset=UTF-8", "http://evil.example");
            assertThat(crossSite.statusCode()).isEqualTo(403);
            assertThat(crossSite.body()).contains("origin http://evil.example is not allowed: list it in ingest.allowed_origins");
            HttpResponse<String> plainText = post(port, "{\"injected\":2}", "text/plain", null);
            assertThat(plainText.statusCode()).isEqualTo(415);
            assertThat(plainText.body()).contains("Content-Type text/plain is not accepted: send application/json");
            HttpResponse<String> form = post(port, "injected=3", "application/x-www-form-urlencoded", null);
            assertThat(form.statusCode()).isEqualTo(415);

            assertThat(post(port, "{\"ok\":1}", "application/json; charset=utf-8", null).statusCode()).isEqualTo(202);
            assertThat(post(port, "{\"ok\":2}", null, null).statusCode()).as("no Content-Type: curl, servers").isEqualTo(202);
            await("the accepted records written").atMost(Duration.ofSeconds(10)).until(() -> run.stdout().lines().count() == 2);
            String metrics = CliRunner.httpGet(run.opsPort(), "/metrics").body();
            run.signal("TERM");
            CliRunner.Result r = run.await(Duration.ofSeconds(30));

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdoutLines()).containsExactly("{\"ok\":1}", "{\"ok\":2}");
            assertThat(metrics).contains("http_requests_refused_total{component=\"ingest\",reason=\"origin\"} 1.0",
                    "http_requests_refused_total{component=\"ingest\",reason=\"content_type\"} 2.0");
        }
    }

    @Test
    void anHttpSourceServesTheOriginsAndContentTypesItIsToldTo() throws Exception {
        Path file = CliRunner.write(dir, "ingest.yaml", """
                system:
                  name: ingest
                  components:
                    - name: ingest
                      type: Source
                      config:
                        variant: http
                        host: 127.0.0.1
                        port: 0
                        path: /events
                        allowed_origins: ["https://app.example.com"]
                        content_types: [application/json, text/plain]
                    - {name: out, type: Sink}
                  bindings:
                    - {from: ingest.output, to: out.input}
                """);
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", file.toString())) {
            int port = run.port("ingest");
            assertThat(post(port, "{\"ok\":1}", "text/plain", "https://app.example.com").statusCode()).isEqualTo(202);
            assertThat(post(port, "{\"no\":1}", "text/plain", "https://evil.example").statusCode()).isEqualTo(403);
            await("the accepted record written").atMost(Duration.ofSeconds(10)).until(() -> run.stdout().contains("{\"ok\":1}"));
            assertThat(run.stdout()).doesNotContain("\"no\"");
        }
    }

    @Test
    void aDefaultWebSocketRefusesAForeignOriginAndServesItsOwnPagesAndClientsWithoutOrigin() throws Exception {
        Path file = CliRunner.write(dir, "feed.yaml", """
                system:
                  name: feed
                  components:
                    - {name: ws, type: WebSocket, config: {host: 127.0.0.1, port: 0, path: /ws}}
                """);
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", file.toString())) {
            int port = run.webSocketPort();
            String url = "ws://127.0.0.1:" + port + "/ws";
            assertThat(WsTestClient.refusalStatus(url, Map.of("Origin", "http://evil.example"))).isEqualTo(403);
            assertThat(WsTestClient.refusalStatus(url, Map.of("Origin", "http://127.0.0.1:" + (port + 1)))).as("another port").isEqualTo(403);
            try (WsTestClient noOrigin = WsTestClient.connect(url);
                    WsTestClient ownPage = WsTestClient.connect(url, Map.of("Origin", "http://127.0.0.1:" + port), null)) {
                assertThat(noOrigin.isClosed()).isFalse();
                assertThat(ownPage.isClosed()).isFalse();
            }
            assertThat(CliRunner.httpGet(port, "/metrics").body()).contains("websocket_refused_total{component=\"ws\",reason=\"origin\"} 2.0");
        }
    }

    @Test
    void theDashboardServedOnHttpPortMayConnectToTheWebSocketPort() throws Exception {
        Path file = CliRunner.write(dir, "feed.yaml", """
                system:
                  name: feed
                  components:
                    - {name: ws, type: WebSocket, config: {host: 127.0.0.1, port: 0, path: /ws, http_port: -1}}
                """);
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", file.toString())) {
            int port = run.webSocketPort();
            int httpPort = run.port("ws", "http_port");
            assertThat(CliRunner.httpGet(httpPort, "/").statusCode()).as("the dashboard page").isEqualTo(200);
            try (WsTestClient page = WsTestClient.connect("ws://127.0.0.1:" + port + "/ws", Map.of("Origin", "http://127.0.0.1:" + httpPort), null)) {
                assertThat(page.isClosed()).isFalse();
            }
        }
    }

    @Test
    void aWebSocketWithAllowedOriginsStarServesAnyOrigin() throws Exception {
        Path file = CliRunner.write(dir, "feed.yaml", """
                system:
                  name: feed
                  components:
                    - {name: ws, type: WebSocket, config: {host: 127.0.0.1, port: 0, path: /ws, allowed_origins: ["*"]}}
                """);
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", file.toString())) {
            String url = "ws://127.0.0.1:" + run.webSocketPort() + "/ws";
            try (WsTestClient foreign = WsTestClient.connect(url, Map.of("Origin", "http://evil.example"), null)) {
                assertThat(foreign.isClosed()).isFalse();
            }
        }
    }

    private static HttpResponse<String> post(int port, String body, String contentType, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
