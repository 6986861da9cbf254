package dev.blueprint.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image the root Dockerfile builds, run with podman as a user would run it with docker: seed 000's token-stream
 * (on the python variant), on a read-only root file system, probed from outside and stopped with SIGTERM.
 */
class ContainerImageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void buildImages() {
        Podman.buildImages();
    }

    @Test
    void imageIsUnder160MbWithBlueprintAsEntrypointAndOpsReachableFromOutside() throws Exception {
        JsonNode image = JSON.readTree(Podman.run(Duration.ofSeconds(30), "image", "inspect", Podman.IMAGE).orFail().stdout()).get(0);
        long size = image.path("Size").asLong();
        System.out.printf("image %s: %.1f MB%n", Podman.IMAGE, size / 1e6);
        // 141 MB before issue 21 added kafka-clients (8.6 MB of classes) and the JDBC driver, and 23's nimbus-jose-jwt;
        // their modules (java.security.jgss, java.sql) grow the jlinked runtime too
        assertThat(size).as("image size in bytes").isLessThan(160_000_000L);
        JsonNode config = image.path("Config");
        assertThat(config.path("Entrypoint").toString()).isEqualTo("[\"blueprint\"]");
        assertThat(config.path("Env").toString()).contains("BLUEPRINT_HTTP=0.0.0.0:4195", "LOG_FORMAT=json");
        assertThat(config.path("User").asText()).isEqualTo("10001:10001");
        assertThat(image.path("Healthcheck").path("Test").toString()).contains("blueprint", "probe");
        // nothing but the bundled runtime: no JDK, no curl
        Command.Result tools = Podman.runToEnd(Duration.ofMinutes(1), "--entrypoint", "sh", Podman.IMAGE, "-c",
                "command -v java; command -v curl; command -v wget; echo done");
        assertThat(tools.orFail().stdout().trim()).isEqualTo("done");
    }

    @Test
    void tokenStreamAnswersProbesAndAQueryOnAReadOnlyRootAsNonRootThenStopsGracefullyOnSigterm() throws Exception {
        long started = System.nanoTime();
        String container = Podman.start("--read-only", "-p", "127.0.0.1::8080", "-p", "127.0.0.1::4195",
                "-e", "TOKEN_DELAY_MS=1", "-e", "MODEL_WORKERS=1", Podman.PYTHON_IMAGE, "run", "token-stream.yaml");
        try {
            int ws = Podman.hostPort(container, 8080);
            int ops = Podman.hostPort(container, 4195);
            await("token-stream's /ready on the WebSocket port answers 200").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                    .until(() -> status(ws, "/ready") == 200);
            System.out.printf("container start to /ready 200: %d ms%n", (System.nanoTime() - started) / 1_000_000);

            HttpResponse<String> health = get(ws, "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("healthy");
            assertThat(status(ops, "/ready")).as("the ops server, reachable from outside through BLUEPRINT_HTTP").isEqualTo(200);
            assertThat(Podman.run(Duration.ofSeconds(30), "healthcheck", "run", container).exitCode())
                    .as("the image's HEALTHCHECK (blueprint probe)").isZero();
            assertThat(Podman.run(Duration.ofSeconds(30), "exec", container, "id", "-u").orFail().stdout().trim()).isEqualTo("10001");
            assertThat(Podman.run(Duration.ofSeconds(30), "exec", container, "touch", "/opt/blueprint/x").exitCode())
                    .as("the root file system is read-only").isNotZero();

            try (WebSocketProbe client = new WebSocketProbe(URI.create("ws://127.0.0.1:" + ws + "/ws"))) {
                client.send("{\"type\":\"query\",\"session_id\":\"s-1\",\"query\":\"Hello DSPy\",\"stream\":true}");
                await("the query's tokens and its end message").atMost(Duration.ofSeconds(30))
                        .until(() -> client.received().stream().anyMatch(m -> m.path("type").asText().equals("end")));
                List<JsonNode> tokens = client.received().stream().filter(m -> m.path("type").asText().equals("token")).toList();
                assertThat(tokens).isNotEmpty().allSatisfy(t -> assertThat(t.path("session_id").asText()).isEqualTo("s-1"));
            }

            Command.Result stop = Podman.run(Duration.ofSeconds(40), "stop", "-t", "15", container).orFail();
            assertThat(stop.exitCode()).isZero();
            String exit = Podman.run(Duration.ofSeconds(30), "inspect", container, "--format", "{{.State.ExitCode}}").orFail().stdout().trim();
            String logs = Podman.logs(container);
            assertThat(exit).as(logs).isEqualTo("0");
            List<JsonNode> lines = logs.lines().filter(l -> l.startsWith("{")).map(ContainerImageIT::json).toList();
            assertThat(lines).as("JSON log lines").isNotEmpty()
                    .allSatisfy(l -> assertThat(l.has("@timestamp") && l.has("log.level")).as(l.toString()).isTrue());
            // the graceful shutdown summary: the log line is the feature here
            assertThat(lines).anySatisfy(l -> assertThat(l.path("message").asText()).isEqualTo("token_stream - finished"));
            assertThat(lines).anySatisfy(l -> assertThat(l.path("message").asText()).startsWith("summary: websocket_server (WebSocket)"));
        } finally {
            Podman.remove(container);
        }
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON log line: " + line, e);
        }
    }

    private static int status(int port, String path) throws Exception {
        return get(port, path).statusCode();
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
