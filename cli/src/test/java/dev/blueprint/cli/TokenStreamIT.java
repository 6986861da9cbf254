package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.testing.Tool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * blueprints/token-stream.yaml through the CLI, driven the way seed 000's JavaScript client does: one
 * WebSocket per user at /ws, a query message, tokens until "end" or "error". One run serves every test.
 */
class TokenStreamIT {
    private static final int WORKERS = 4;
    private static CliRunner.Running run;
    private static String url;

    @BeforeAll
    static void startService() {
        Tool.PYTHON3.require(); // the blueprint's workers
        run = CliRunner.start(CliRunner.env("TOKEN_DELAY_MS", "0", "MODEL_WORKERS", Integer.toString(WORKERS)),
                "run", CliRunner.blueprint("token-stream.yaml").toString(), "--set", "websocket_server.port=0", "--set", "push.port=0");
        url = "ws://127.0.0.1:" + run.webSocketPort() + "/ws";
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

    @Test
    void answersHealthAndReadinessOnTheWebSocketPortAsSeed000Documents() throws Exception {
        int port = run.webSocketPort();
        assertThat(run.httpPort()).isEqualTo(port);
        java.net.http.HttpResponse<String> health = CliRunner.httpGet(port, "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).startsWith("{\"status\":\"healthy\"");
        assertThat(CliRunner.httpGet(port, "/ready").body()).isEqualTo("{\"status\":\"ready\"}");
        assertThat(CliRunner.httpGet(port, "/").body()).contains("new WebSocket(");
    }

    @Test
    void aBurstOfFiftyQueriesFromOneClientGetsFiftyRepliesEachAnAnswerOrARateLimitedError() {
        try (JsonClient client = JsonClient.connect(url)) {
            for (int i = 0; i < 50; i++) {
                client.send(query("burst-" + i, "q" + i));
            }
            // every query is settled: its answer ended, or it was refused as rate_limited (with its session_id)
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> IntStream.range(0, 50).allMatch(i -> client.messages().stream()
                    .anyMatch(m -> ("burst-" + i).equals(m.path("session_id").asText())
                            && ("end".equals(m.path("type").asText()) || "rate_limited".equals(m.path("code").asText())))));
            long limited = client.messages().stream().filter(m -> "rate_limited".equals(m.path("code").asText())).count();
            long answered = client.messages().stream().filter(m -> "end".equals(m.path("type").asText())).count();
            assertThat(limited + answered).isEqualTo(50);
            assertThat(limited).isPositive();
            assertThat(answered).isGreaterThanOrEqualTo(10); // one second's worth of the seed's 10 a second
            client.send("{\"type\":\"ping\"}"); // still connected, and served once the burst is over
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> client.messages().stream()
                    .anyMatch(m -> "pong".equals(m.path("type").asText())));
        }
    }

    @Test
    void errorRepliesEchoTheSessionIdTheMessageHadEvenWhenItIsNotJson() {
        try (JsonClient client = JsonClient.connect(url)) {
            JsonNode invalid = client.send("{\"type\":\"query\",\"session_id\":\"s-broken\", oops").awaitMessage(m -> true);
            assertThat(invalid.get("code").asText()).isEqualTo("invalid_json");
            assertThat(invalid.get("session_id").asText()).isEqualTo("s-broken");
            JsonNode missing = client.send("{\"type\":\"query\",\"session_id\":\"\",\"query\":\"x\"}")
                    .awaitMessage(m -> "missing_session_id".equals(m.path("code").asText()));
            assertThat(missing.fieldNames()).toIterable().containsExactly("type", "session_id", "error", "code");
            assertThat(missing.get("session_id").asText()).isEmpty();
        }
    }

    @Test
    void aPushToASessionOverHttpReachesEveryClientOfThatSessionOnly() throws Exception {
        int push = run.port("push");
        try (JsonClient a1 = JsonClient.connect(url + "?session_id=push-1"); JsonClient a2 = JsonClient.connect(url + "?session_id=push-1");
                JsonClient other = JsonClient.connect(url + "?session_id=push-2")) {
            a1.send("{\"type\":\"ping\"}").awaitMessage(m -> true); // connected and registered
            a2.send("{\"type\":\"ping\"}").awaitMessage(m -> true);
            other.send("{\"type\":\"ping\"}").awaitMessage(m -> true);
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                    .newBuilder(java.net.URI.create("http://127.0.0.1:" + push + "/push"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"session_id\":\"push-1\",\"message\":{\"type\":\"notice\",\"text\":\"hi\"}}"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(a1.awaitMessage(m -> "notice".equals(m.path("type").asText())).get("text").asText()).isEqualTo("hi");
            assertThat(a2.awaitMessage(m -> "notice".equals(m.path("type").asText())).toString()).isEqualTo("{\"type\":\"notice\",\"text\":\"hi\"}");
            assertThat(other.messages()).extracting(m -> m.path("type").asText()).containsExactly("pong");
        }
    }

    @Test
    void metricsCarrySeed000sNamesAndCountErrorRepliesByCode() throws Exception {
        try (JsonClient client = JsonClient.connect(url)) {
            client.send("not json at all").awaitMessage(m -> "invalid_json".equals(m.path("code").asText()));
            client.send(query("metered", "how long")).awaitMessage(m -> "end".equals(m.path("type").asText()));
            client.send(query("metered", "CRASH now")).awaitMessage(m -> "error".equals(m.path("type").asText()));
        }
        String metrics = CliRunner.httpGet(run.webSocketPort(), "/metrics").body();
        dev.blueprint.testing.Promtool.assertValid(metrics);
        // seed 000's query duration histogram, by query type (at least this test's two queries; the class's other tests
        // add theirs), with failed queries by code and the tokens streamed
        assertThat(metrics).containsPattern("websocket_query_duration_seconds_count\\{component=\"model\",type=\"query\"} ([2-9]|[1-9]\\d+)\\b")
                .containsPattern("websocket_query_duration_seconds_bucket\\{component=\"model\",type=\"query\",le=\"60.0\"} ([2-9]|[1-9]\\d+)\\b")
                .containsPattern("websocket_query_errors_total\\{code=\"worker_exited\",component=\"model\",type=\"query\"} [1-9]")
                .containsPattern("websocket_query_answer_lines_total\\{component=\"model\",type=\"query\"} [1-9]");
        assertThat(metrics).containsPattern("websocket_errors_total\\{component=\"websocket_server\",type=\"invalid_json\"} [1-9]")
                .contains("# TYPE websocket_connections_total counter", "websocket_messages_sent_total{", "websocket_messages_received_total{");
    }

    @Test
    void permessageDeflateIsOfferedAsSeed000Documents() throws Exception {
        try (dev.blueprint.components.websocket.RawWebSocket raw = dev.blueprint.components.websocket.RawWebSocket.open(
                run.webSocketPort(), "/ws", "Sec-WebSocket-Extensions: permessage-deflate\r\n")) {
            assertThat(raw.responseHead().toLowerCase(java.util.Locale.ROOT)).contains("sec-websocket-extensions: permessage-deflate");
        }
    }

    @Test
    void anIdleClientIsClosedAfterTheIdleTimeout() {
        // the blueprint's 5 minutes, shortened here: the same key, the same close
        try (CliRunner.Running idle = CliRunner.start(CliRunner.env("MODEL_WORKERS", "1"), "run",
                CliRunner.blueprint("token-stream.yaml").toString(), "--set", "websocket_server.port=0", "--set", "push.port=0",
                "--set", "websocket_server.idle_timeout=1s")) {
            dev.blueprint.components.websocket.WsTestClient quiet = dev.blueprint.components.websocket.WsTestClient.connect(
                    "ws://127.0.0.1:" + idle.webSocketPort() + "/ws");
            assertThat(quiet.awaitClose()).isEqualTo(1000);
            assertThat(quiet.closeReason()).isEqualTo("idle timeout");
            idle.signal("TERM");
            assertThat(idle.await(Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }

    private static String query(String sessionId, String query) {
        return "{\"type\":\"query\",\"session_id\":\"" + sessionId + "\",\"query\":\"" + query + "\",\"stream\":true}";
    }

    /** The stand-in model's deterministic answer to {@code query}, as token_model.py builds it. */
    private static String answerTo(String query) {
        return "You asked: " + query + ". This answer comes from a deterministic stand-in model, one token at a time.";
    }

    /** Checks a complete streamed answer: tokens 0..n-1 for this session, then end with total_tokens n. */
    private static void assertStreamedAnswer(List<JsonNode> answer, String sessionId, String query) {
        List<JsonNode> tokens = answer.subList(0, answer.size() - 1);
        assertThat(tokens).allSatisfy(t -> {
            assertThat(t.get("type").asText()).isEqualTo("token");
            assertThat(t.get("session_id").asText()).isEqualTo(sessionId);
        });
        assertThat(tokens).extracting(t -> t.get("index").asInt()).containsExactlyElementsOf(IntStream.range(0, tokens.size()).boxed().toList());
        assertThat(tokens.stream().map(t -> t.get("token").asText()).reduce("", String::concat)).isEqualTo(answerTo(query));
        JsonNode end = answer.get(answer.size() - 1);
        assertThat(end.get("type").asText()).isEqualTo("end");
        assertThat(end.get("session_id").asText()).isEqualTo(sessionId);
        assertThat(end.get("total_tokens").asInt()).isEqualTo(tokens.size());
        assertThat(end.get("duration_ms").isIntegralNumber()).isTrue();
    }

    @Test
    void aQueryIsAnsweredWithTokensInIncreasingIndexOrderThenEnd() {
        try (JsonClient client = JsonClient.connect(url)) {
            client.send(query("test-123", "Hello DSPy"));
            List<JsonNode> answer = client.awaitUntilType("end");

            assertStreamedAnswer(answer, "test-123", "Hello DSPy");
            // exactly the seed's fields: the pipeline's routing fields never reach the client
            assertThat(answer.get(0).fieldNames()).toIterable().containsExactly("type", "session_id", "token", "index");
            assertThat(answer.get(answer.size() - 1).fieldNames()).toIterable()
                    .containsExactly("type", "session_id", "total_tokens", "duration_ms");
        }
    }

    @Test
    void aQueryWithStreamFalseGetsTheWholeTextAsOneToken() {
        try (JsonClient client = JsonClient.connect(url)) {
            client.send("{\"type\":\"query\",\"session_id\":\"s-flat\",\"query\":\"all at once\",\"stream\":false}");
            List<JsonNode> answer = client.awaitUntilType("end");

            assertThat(answer).hasSize(2);
            assertThat(answer.get(0).get("token").asText()).isEqualTo(answerTo("all at once"));
            assertThat(answer.get(1).get("total_tokens").asInt()).isGreaterThan(1);
        }
    }

    @Test
    void pingIsAnsweredWithPongCarryingAnIsoTimestamp() {
        try (JsonClient client = JsonClient.connect(url)) {
            JsonNode pong = client.send("{\"type\":\"ping\"}").awaitMessage(m -> true);

            assertThat(pong.get("type").asText()).isEqualTo("pong");
            assertThat(pong.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            assertThat(pong.size()).isEqualTo(2);
        }
    }

    @Test
    void malformedJsonGetsAnInvalidJsonErrorAndTheConnectionKeepsWorking() {
        try (JsonClient client = JsonClient.connect(url)) {
            JsonNode error = client.send("{\"type\":\"query\", oops").awaitMessage(m -> true);

            assertThat(error.get("type").asText()).isEqualTo("error");
            assertThat(error.get("code").asText()).isEqualTo("invalid_json");
            assertThat(error.get("error").asText()).contains("JSON objects");
            client.send(query("after-bad-json", "still there?"));
            List<JsonNode> answer = client.awaitUntilType("end");
            assertStreamedAnswer(answer.subList(1, answer.size()), "after-bad-json", "still there?");
        }
    }

    @Test
    void aQueryWithoutSessionIdGetsAMissingSessionIdError() {
        try (JsonClient client = JsonClient.connect(url)) {
            JsonNode error = client.send("{\"type\":\"query\",\"query\":\"who am I?\",\"stream\":true}").awaitMessage(m -> true);

            assertThat(error.get("type").asText()).isEqualTo("error");
            assertThat(error.get("code").asText()).isEqualTo("missing_session_id");
        }
    }

    @Test
    void anUnknownMessageTypeAndAnEmptyQueryGetErrorsWithCodes() {
        try (JsonClient client = JsonClient.connect(url)) {
            JsonNode unknown = client.send("{\"type\":\"subscribe\",\"session_id\":\"s-u\"}").awaitMessage(m -> true);
            assertThat(unknown.get("code").asText()).isEqualTo("unknown_type");
            assertThat(unknown.get("session_id").asText()).isEqualTo("s-u");
            assertThat(unknown.get("error").asText()).contains("\"subscribe\"", "query", "ping");

            // the model itself answers this one: errors from the worker reach the client the same way
            JsonNode empty = client.send(query("s-empty", "")).awaitMessage(m -> "s-empty".equals(m.path("session_id").asText()));
            assertThat(empty.get("type").asText()).isEqualTo("error");
            assertThat(empty.get("code").asText()).isEqualTo("empty_query");
        }
    }

    @Test
    void aWorkerCrashingMidAnswerGivesItsClientAnErrorWhileTheServiceKeepsServingAndTheWorkerRestarts() {
        try (JsonClient crasher = JsonClient.connect(url); JsonClient bystander = JsonClient.connect(url)) {
            crasher.send(query("s-crash", "please CRASH now"));
            bystander.send(query("s-bystander", "are you alive"));

            List<JsonNode> crashed = crasher.awaitUntilType("error");
            assertThat(crashed).extracting(m -> m.get("type").asText()).containsExactly("token", "token", "error");
            JsonNode error = crashed.get(2);
            assertThat(error.get("code").asText()).isEqualTo("worker_exited");
            assertThat(error.get("session_id").asText()).isEqualTo("s-crash");
            assertThat(error.get("error").asText()).contains("exited with code 3");
            assertThat(error.has("connection_id")).isFalse();
            assertStreamedAnswer(bystander.awaitUntilType("end"), "s-bystander", "are you alive");

            run.awaitStderr("exited with code 3");
            Matcher exited = Pattern.compile("model - worker (\\d) exited with code 3, answering record #\\d+ with worker_exited; restarting in")
                    .matcher(run.stderr());
            assertThat(exited.find()).as(run.stderr()).isTrue();
            String worker = exited.group(1);
            // the worker's own stderr line is forwarded by another thread than the one that logs its exit: no order between them
            run.awaitStderr("model - worker " + worker + ": token_model: crashing on purpose");
            // the restarted worker says hello on stderr, forwarded to the log like every worker's: its second hello (not a
            // count over all workers, which a worker restarted for another test's timeout would throw off)
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(readyLines(worker)).as(run.stderr())
                    .isGreaterThanOrEqualTo(2));

            // the same client, after its error, is served again
            crasher.send(query("s-crash-2", "and now"));
            List<JsonNode> again = crasher.awaitUntilType("end");
            assertStreamedAnswer(again.subList(3, again.size()), "s-crash-2", "and now");
        }
    }

    private static long readyLines(String worker) {
        return run.stderr().lines().filter(l -> l.matches(".*model - worker " + worker + ": token_model: ready.*")).count();
    }

    @Test
    void aHundredConcurrentSessionsEachReceiveExactlyTheirOwnTokensInOrder() {
        List<JsonClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                clients.add(JsonClient.connect(url));
            }
            for (int i = 0; i < clients.size(); i++) {
                clients.get(i).send(query("session-" + i, "question number " + i));
            }
            for (int i = 0; i < clients.size(); i++) {
                List<JsonNode> answer = clients.get(i).awaitUntilType("end");
                assertStreamedAnswer(answer, "session-" + i, "question number " + i);
                assertThat(clients.get(i).messages()).as("messages of session-" + i).hasSameSizeAs(answer);
            }
        } finally {
            clients.forEach(JsonClient::close);
        }
    }
}
