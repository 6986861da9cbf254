package dev.blueprint.components.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.testing.TestPipeline;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the seed services need from the server: messages over the rate answered instead of the client
 * closed, pushes to a session from outside, binary relayed as binary, and error answers counted by code.
 */
class WebSocketServiceFeaturesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** An echo server that answers messages over max_message_rate with a rate_limited error carrying the request's id. */
    private static Pipeline echoWithRateLimitReplies() throws InterruptedException {
        return TestPipeline.start("""
                system:
                  name: rate_test
                  components:
                    - name: ws
                      type: WebSocket
                      config: {host: 127.0.0.1, port: 0, payload_field: data, target_from: record, max_message_rate: 10,
                               heartbeat_interval: 0, error_code: '.data | objects | select(.type == "error") | .code'}
                    - name: limited
                      type: Transformer
                      config:
                        expression: '{connection_id, data: {type: "error", code: "rate_limited", id: .data.id, error: "over 10 messages a second"}}'
                  bindings:
                    - {from: ws.messages, to: ws.input}
                    - {from: ws.rate_limited, to: limited.input}
                    - {from: limited.output, to: ws.input}
                """);
    }

    @Test
    void aBurstOverMaxMessageRateGetsAnAnswerOrARateLimitedErrorForEveryMessageAndStaysConnected() throws Exception {
        Pipeline p = echoWithRateLimitReplies();
        try {
            int port = p.component("ws", WebSocketComponent.class).orElseThrow().port();
            WsTestClient client = WsTestClient.connect("ws://127.0.0.1:" + port + "/");
            long began = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                client.send("{\"id\":" + i + "}");
            }
            List<String> replies = client.awaitMessages(50);
            // the server read the burst within this time, so at most this many seconds of refill passed
            double seconds = (System.nanoTime() - began) / 1e9;
            List<JsonNode> parsed = new ArrayList<>();
            for (String r : replies) {
                parsed.add(JSON.readTree(r));
            }
            assertThat(parsed).extracting(r -> r.get("id").asInt()).containsExactlyInAnyOrderElementsOf(
                    java.util.stream.IntStream.range(0, 50).boxed().toList());
            long limited = parsed.stream().filter(r -> "rate_limited".equals(r.path("code").asText())).count();
            // a burst of 10 went through, plus 10 a second of refill while the burst was read
            assertThat(limited).isBetween(40L - (long) Math.ceil(seconds * 10) - 1, 40L);
            assertThat(client.isClosed()).isFalse();
            String metrics = get(port, "/metrics");
            assertThat(metrics).contains("websocket_errors_total{component=\"ws\",type=\"rate_limited\"} " + (2 * limited) + ".0");
            client.send("{\"id\":\"after\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> client.messages().size() == 51);
            client.close();
        } finally {
            p.stop();
            p.awaitCompletion();
        }
    }

    @Test
    void aClientThatKeepsFloodingPastItsRefusalsIsClosedWith1008() throws Exception {
        Pipeline p = echoWithRateLimitReplies();
        try {
            int port = p.component("ws", WebSocketComponent.class).orElseThrow().port();
            WsTestClient calm = WsTestClient.connect("ws://127.0.0.1:" + port + "/");
            WsTestClient flood = WsTestClient.connect("ws://127.0.0.1:" + port + "/");
            for (int i = 0; i < 400 && !flood.isClosed(); i++) {
                try {
                    flood.send("{\"id\":" + i + "}");
                } catch (RuntimeException e) {
                    break; // closed by the server meanwhile
                }
            }
            assertThat(flood.awaitClose()).isIn(1008, 1006);
            calm.send("{\"id\":\"calm\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> calm.messages().contains("{\"id\":\"calm\"}"));
            assertThat(get(port, "/metrics")).contains("reason=\"message_rate\"} 1");
            calm.close();
        } finally {
            p.stop();
            p.awaitCompletion();
        }
    }

    @Test
    void theAdminApiSendsToEveryConnectionOfASession() throws Exception {
        String token = "a-long-enough-admin-token";
        try (var ws = new WebSocketHarness(dir, "path: /{session_id}\nadmin: {enabled: true, token: " + token + "}")) {
            WsTestClient a1 = WsTestClient.connect(ws.url("/a"));
            WsTestClient a2 = WsTestClient.connect(ws.url("/a"));
            WsTestClient b = WsTestClient.connect(ws.url("/b"));
            ws.awaitConnections(3);
            HttpResponse<String> r = post(ws.port, "/sessions/a/send", "{\"type\":\"notice\"}", token);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"session_id\":\"a\",\"reached\":2}");
            assertThat(a1.awaitMessages(1)).containsExactly("{\"type\":\"notice\"}");
            assertThat(a2.awaitMessages(1)).containsExactly("{\"type\":\"notice\"}");
            assertThat(post(ws.port, "/sessions/nobody/send", "x", token).statusCode()).isEqualTo(404);
            assertThat(post(ws.port, "/sessions/a/send", "x", "wrong-token-wrong-token").statusCode()).isEqualTo(401);
            assertThat(ws.component().sendToSession("b", "java api")).isEqualTo(1);
            assertThat(b.awaitMessages(1)).containsExactly("java api");
            assertThat(a1.messages()).hasSize(1);
            a1.close();
            a2.close();
            b.close();
        }
    }

    @Test
    void aBinaryMessageRelayedThroughThePipelineGoesBackOutAsBinary() throws Exception {
        try (var ws = new WebSocketHarness(dir, "heartbeat_interval: 0")) {
            WsTestClient client = WsTestClient.connect(ws.url("/"));
            ws.awaitConnections(1);
            byte[] data = {0, 1, 2, (byte) 0xff, 'h', 'i'};
            client.sendBinary(data);
            await().atMost(Duration.ofSeconds(5)).until(() -> !client.binaryMessages().isEmpty());
            assertThat(client.binaryMessages().get(0)).isEqualTo(data);
            assertThat(client.messages()).isEmpty();
            client.close();
        }
    }

    @Test
    void countsErrorAnswersByTheirCodeAndServesSeed000sConnectionsTotal() throws Exception {
        try (var ws = new WebSocketHarness(dir, "error_code: '.data | objects | select(.type == \"error\") | .code'")) {
            WsTestClient client = WsTestClient.connect(ws.url("/"));
            client.send("{\"type\":\"error\",\"code\":\"python_error\"}").send("{\"type\":\"token\"}");
            client.awaitMessages(2);
            String metrics = ws.get("/metrics").body();
            assertThat(metrics).contains("websocket_errors_total{component=\"ws\",type=\"python_error\"} 1.0")
                    .contains("websocket_connections_total{component=\"ws\"} 1.0");
            client.close();
        }
    }

    @Test
    void metricsPortServesMetricsAloneOnASecondPort() throws Exception {
        try (var ws = new WebSocketHarness(dir, "metrics_port: 0")) {
            int metrics = ws.component().metricsPort();
            assertThat(metrics).isPositive().isNotEqualTo(ws.port);
            HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).contains("websocket_connections_active{component=\"ws\"} 0.0");
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
            assertThat(ws.get("/metrics").statusCode()).isEqualTo(200); // still on the WebSocket port too
        }
    }

    private static String get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static HttpResponse<String> post(int port, String path, String body, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
