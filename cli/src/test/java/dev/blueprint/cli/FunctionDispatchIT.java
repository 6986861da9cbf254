package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.testing.Tool;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * blueprints/function-dispatch.yaml through the CLI, driven with wscat-style messages as in seed 002:
 * {"id", "function", "params"} calls on a connection to the root path. One run serves every test.
 */
class FunctionDispatchIT {
    private static CliRunner.Running run;
    private static String url;

    @BeforeAll
    static void startService() {
        Tool.PYTHON3.require(); // the blueprint's workers
        run = CliRunner.start(CliRunner.env("TOKEN_DELAY_MS", "0"), "run", CliRunner.blueprint("function-dispatch.yaml").toString(),
                "--set", "websocket_server.port=0", "--set", "websocket_server.metrics_port=0");
        url = "ws://127.0.0.1:" + run.webSocketPort();
    }

    @AfterAll
    static void stopService() {
        if (run == null) {
            return; // skipped
        }
        run.signal("TERM");
        CliRunner.Result result = run.await(Duration.ofSeconds(30));
        assertThat(result.exitCode()).as(result.toString()).isZero();
    }

    /** Connects and waits for the welcome, so that tests see only the answers to their calls after it. */
    private static JsonClient connect() {
        JsonClient client = JsonClient.connect(url);
        client.awaitMessage(m -> "welcome".equals(m.path("type").asText()));
        return client;
    }

    private static JsonNode resultOf(JsonClient client, String id) {
        return client.awaitMessage(m -> id.equals(m.path("id").asText()) && !"token".equals(m.path("type").asText()));
    }

    @Test
    void aNewConnectionIsWelcomedWithTheFunctionsItCanCall() {
        try (JsonClient client = JsonClient.connect(url)) {
            JsonNode welcome = client.awaitMessage(m -> true);

            assertThat(welcome.get("type").asText()).isEqualTo("welcome");
            assertThat(welcome.get("connection_id").asText()).startsWith("c-");
            assertThat(welcome.get("functions")).extracting(JsonNode::asText).containsExactly("generate", "health", "metadata");
        }
    }

    @Test
    void generateWithoutStreamAnswersOneResultCarryingTheCallsId() {
        try (JsonClient client = connect()) {
            client.send("{\"id\":\"req_1\",\"function\":\"generate\",\"params\":{\"prompt\":\"Hello\",\"max_tokens\":50,\"stream\":false}}");
            JsonNode result = resultOf(client, "req_1");

            assertThat(result.get("type").asText()).isEqualTo("result");
            assertThat(result.at("/result/text").asText()).startsWith("You asked: Hello.");
            assertThat(result.at("/result/finish_reason").asText()).isEqualTo("stop");
            assertThat(result.has("connection_id")).isFalse();
            assertThat(client.messages()).noneMatch(m -> "token".equals(m.path("type").asText()));
        }
    }

    @Test
    void generateWithStreamSendsTokensInOrderThenTheResultAllCarryingTheId() {
        try (JsonClient client = connect()) {
            client.send("{\"id\":\"req_2\",\"function\":\"generate\",\"params\":{\"prompt\":\"Tell me a story\",\"max_tokens\":5,"
                    + "\"stream\":true,\"temperature\":0.7}}");
            JsonNode result = resultOf(client, "req_2");

            List<JsonNode> tokens = client.messages().stream().filter(m -> "token".equals(m.path("type").asText())).toList();
            assertThat(tokens).allSatisfy(t -> assertThat(t.get("id").asText()).isEqualTo("req_2"));
            assertThat(tokens).extracting(t -> t.get("index").asInt()).containsExactly(0, 1, 2, 3, 4);
            assertThat(result.at("/result/tokens_generated").asInt()).isEqualTo(5);
            assertThat(result.at("/result/finish_reason").asText()).isEqualTo("length");
            assertThat(result.at("/result/text").asText()).isEqualTo(tokens.stream().map(t -> t.get("token").asText()).reduce("", String::concat));
        }
    }

    @Test
    void interleavedCallsOnOneConnectionAreEachAnsweredUnderTheirOwnId() {
        try (JsonClient client = connect()) {
            IntStream.range(0, 6).forEach(i -> client.send("{\"id\":\"multi_" + i + "\",\"function\":\"generate\","
                    + "\"params\":{\"prompt\":\"call " + i + "\",\"stream\":true}}"));
            client.send("{\"id\":\"multi_health\",\"function\":\"health\",\"params\":{}}");

            for (int i = 0; i < 6; i++) {
                String id = "multi_" + i;
                JsonNode result = resultOf(client, id);
                List<JsonNode> tokens = client.messages().stream().filter(m -> id.equals(m.path("id").asText()) && m.has("token")).toList();
                assertThat(tokens).extracting(t -> t.get("index").asInt()).containsExactlyElementsOf(IntStream.range(0, tokens.size()).boxed().toList());
                assertThat(result.at("/result/text").asText()).startsWith("You asked: call " + i + ".");
            }
            assertThat(resultOf(client, "multi_health").at("/result/status").asText()).isEqualTo("healthy");
        }
    }

    @Test
    void healthReportsStatusAndOpenConnections() {
        AtomicInteger call = new AtomicInteger();
        try (JsonClient client = connect(); JsonClient other = connect()) {
            // connections of earlier tests may still be closing: ask until the count settles on these two
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String id = "health_" + call.incrementAndGet();
                client.send("{\"id\":\"" + id + "\",\"function\":\"health\",\"params\":{}}");
                JsonNode health = resultOf(client, id);
                assertThat(health.get("type").asText()).isEqualTo("result");
                assertThat(health.at("/result/status").asText()).isEqualTo("healthy");
                assertThat(health.at("/result/connections").asInt()).isEqualTo(2);
            });
            assertThat(other.messages()).as("health answers go to the caller only").hasSize(1);
        }
    }

    @Test
    void metadataListsTheFunctionsWithTheirParameters() {
        try (JsonClient client = connect()) {
            JsonNode metadata = client.send("{\"id\":\"req_4\",\"function\":\"metadata\",\"params\":{}}").awaitMessage(m -> m.has("id"));

            assertThat(metadata.get("id").asText()).isEqualTo("req_4");
            assertThat(metadata.at("/result/functions")).extracting(f -> f.get("name").asText()).containsExactly("generate", "health", "metadata");
            assertThat(metadata.at("/result/functions/0/params")).extracting(p -> p.get("name").asText())
                    .containsExactly("prompt", "max_tokens", "stream", "temperature");
            assertThat(metadata.at("/result/functions/0/params/0/required").asBoolean()).isTrue();
        }
    }

    @Test
    void anUnknownFunctionGetsAnErrorNamingTheKnownOnes() {
        try (JsonClient client = connect()) {
            JsonNode error = client.send("{\"id\":\"req_9\",\"function\":\"translate\",\"params\":{}}").awaitMessage(m -> m.has("id"));

            assertThat(error.get("id").asText()).isEqualTo("req_9");
            assertThat(error.get("type").asText()).isEqualTo("error");
            assertThat(error.get("code").asText()).isEqualTo("unknown_function");
            assertThat(error.get("error").asText()).contains("\"translate\"", "generate, health, metadata");
        }
    }

    @Test
    void malformedCallsAndBadParamsGetErrorsAndTheConnectionKeepsWorking() {
        try (JsonClient client = connect()) {
            JsonNode notJson = client.send("{\"id\": \"req_x\", oops").awaitMessage(m -> m.has("code"));
            assertThat(notJson.get("code").asText()).isEqualTo("invalid_request");
            assertThat(notJson.get("id").isNull()).isTrue();

            JsonNode noFunction = client.send("{\"id\":\"req_nf\",\"params\":{}}").awaitMessage(m -> "req_nf".equals(m.path("id").asText()));
            assertThat(noFunction.get("code").asText()).isEqualTo("invalid_request");

            JsonNode badParams = client.send("{\"id\":\"req_bp\",\"function\":\"generate\",\"params\":{\"max_tokens\":3}}")
                    .awaitMessage(m -> "req_bp".equals(m.path("id").asText()));
            assertThat(badParams.get("type").asText()).isEqualTo("error");
            assertThat(badParams.get("code").asText()).isEqualTo("invalid_params");
            assertThat(badParams.get("error").asText()).contains("prompt");

            JsonNode paramsNotObject = client.send("{\"id\":\"req_po\",\"function\":\"generate\",\"params\":\"notobject\"}")
                    .awaitMessage(m -> "req_po".equals(m.path("id").asText()));
            assertThat(paramsNotObject.get("code").asText()).isEqualTo("invalid_params");

            JsonNode streamNotBoolean = client.send("{\"id\":\"req_sb\",\"function\":\"generate\",\"params\":{\"prompt\":\"x\",\"stream\":\"yes\"}}")
                    .awaitMessage(m -> "req_sb".equals(m.path("id").asText()));
            assertThat(streamNotBoolean.get("code").asText()).isEqualTo("invalid_params");

            client.send("{\"id\":\"req_ok\",\"function\":\"generate\",\"params\":{\"prompt\":\"fine\"}}");
            assertThat(resultOf(client, "req_ok").get("type").asText()).isEqualTo("result");
        }
    }

    @Test
    void aWorkerCrashingMidAnswerGetsTheCallAnErrorAndTheServiceGoesOn() {
        try (JsonClient client = connect()) {
            client.send("{\"id\":\"req_crash\",\"function\":\"generate\",\"params\":{\"prompt\":\"CRASH now\",\"stream\":true}}");
            JsonNode error = resultOf(client, "req_crash");
            assertThat(error.get("type").asText()).isEqualTo("error");
            assertThat(error.get("code").asText()).isEqualTo("worker_exited");
            assertThat(client.messages()).filteredOn(m -> "token".equals(m.path("type").asText())).hasSize(2);

            client.send("{\"id\":\"req_after\",\"function\":\"generate\",\"params\":{\"prompt\":\"still there?\",\"stream\":true}}");
            assertThat(resultOf(client, "req_after").get("type").asText()).isEqualTo("result");
        }
    }

    @Test
    void aJsonPingIsAnsweredWithAPongCarryingItsId() {
        try (JsonClient client = connect()) {
            JsonNode pong = client.send("{\"type\":\"ping\",\"id\":\"p1\"}").awaitMessage(m -> "pong".equals(m.path("type").asText()));
            assertThat(pong.get("id").asText()).isEqualTo("p1");
            assertThat(pong.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        }
    }

    @Test
    void listensOnLoopbackAndServesMetricsOnASecondPortAsSeed002Documents() throws Exception {
        run.awaitStderr("listening on ws://127.0.0.1:");
        int metricsPort = run.port("websocket_server", "metrics_port");
        assertThat(metricsPort).isNotEqualTo(run.webSocketPort());
        assertThat(CliRunner.httpGet(metricsPort, "/metrics").body()).contains("websocket_connections_active{component=\"websocket_server\"}");
    }

    @Test
    void withTenantAuthAKeyConnectsAsItsTenantAndNoKeyIsRefusedWith401() throws Exception {
        try (CliRunner.Running secured = CliRunner.start(CliRunner.env("TOKEN_DELAY_MS", "0", "AUTH_MODE", "tenants",
                "TENANT_KEYS", "acme:k-acme-0123456789,globex:k-globex-9876543210"), "run",
                CliRunner.blueprint("function-dispatch.yaml").toString(), "--set", "websocket_server.port=0",
                "--set", "websocket_server.metrics_port=0")) {
            String base = "ws://127.0.0.1:" + secured.webSocketPort();
            assertThat(dev.blueprint.components.websocket.WsTestClient.refusalStatus(base + "/", java.util.Map.of())).isEqualTo(401);
            assertThat(dev.blueprint.components.websocket.WsTestClient.refusalStatus(base + "/?token=k-nobody", java.util.Map.of()))
                    .isEqualTo(401);
            try (JsonClient acme = JsonClient.connect(base + "/?token=k-acme-0123456789")) {
                JsonNode welcome = acme.awaitMessage(m -> "welcome".equals(m.path("type").asText()));
                assertThat(welcome.get("tenant_id").asText()).isEqualTo("acme");
                JsonNode result = acme.send("{\"id\":\"t1\",\"function\":\"generate\",\"params\":{\"prompt\":\"hi\",\"stream\":false}}")
                        .awaitMessage(m -> "t1".equals(m.path("id").asText()) && "result".equals(m.path("type").asText()));
                assertThat(result.has("tenant_id")).isFalse(); // the seed's answer shape, unchanged
            }
            // seed 002's per-function figures, by tenant: latency (histogram), throughput (its count), usage (lines streamed)
            int metricsPort = secured.port("websocket_server", "metrics_port");
            // the answer goes out before the worker's figures are updated: awaited, not read at once
            Awaitility.await("the call counted and nothing in flight").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(CliRunner.httpGet(metricsPort, "/metrics").body()).contains(
                            "function_call_duration_seconds_count{component=\"generator\",function=\"generate\",tenant=\"acme\"} 1",
                            "function_call_duration_seconds_bucket{component=\"generator\",function=\"generate\",tenant=\"acme\",le=\"+Inf\"} 1",
                            "function_call_answer_lines_total{component=\"generator\",function=\"generate\",tenant=\"acme\"} 1.0",
                            "process_requests_in_flight{component=\"generator\"} 0.0"));
            dev.blueprint.testing.Promtool.assertValid(CliRunner.httpGet(metricsPort, "/metrics").body());
            secured.signal("TERM");
            assertThat(secured.await(Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }
}
