package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        run = CliRunner.start(CliRunner.env("TOKEN_DELAY_MS", "0", "MODEL_WORKERS", Integer.toString(WORKERS)),
                "run", CliRunner.blueprint("token-stream.yaml").toString(), "--set", "websocket_server.port=0");
        url = "ws://127.0.0.1:" + run.webSocketPort() + "/ws";
    }

    @AfterAll
    static void stopService() {
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
            assertThat(run.stderr()).containsPattern("model - worker \\d exited with code 3, answering record #\\d+ with worker_exited; restarting in");
            assertThat(run.stderr()).containsPattern("model - worker \\d: token_model: crashing on purpose");
            // the restarted worker says hello on stderr, forwarded to the log like every worker's
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> readyLines() == WORKERS + 1);

            // the same client, after its error, is served again
            crasher.send(query("s-crash-2", "and now"));
            List<JsonNode> again = crasher.awaitUntilType("end");
            assertStreamedAnswer(again.subList(3, again.size()), "s-crash-2", "and now");
        }
    }

    private static long readyLines() {
        return run.stderr().lines().filter(l -> l.matches(".*model - worker \\d: token_model: ready.*")).count();
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
