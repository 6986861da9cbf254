package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.testing.Promtool;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ops server of every run: /metrics, /health, /ready, the pipeline API, `blueprint top`, and where it listens. */
class OpsServerIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Source → Filter → Transformer → Sink, no WebSocket component anywhere. */
    private static String plainPipeline(Path out, String http) {
        return """
                system:
                  name: plain
                %s
                  components:
                    - name: numbers
                      type: Source
                      config: { interval: 20ms, template: { n: "{{seq}}", odd: "{{seq}}" } }
                    - name: evens
                      type: Filter
                      config: { condition: '.n %% 2 == 0' }
                    - name: doubled
                      type: Transformer
                      config: { expression: '{n: (.n * 2)}' }
                    - name: file
                      type: Sink
                      config: { variant: file, path: "%s" }
                  bindings:
                    - { from: numbers.output, to: evens.input }
                    - { from: evens.output, to: doubled.input }
                    - { from: doubled.output, to: file.input }
                """.formatted(http == null ? "" : "  http: \"" + http + "\"", out);
    }

    @Test
    void aPipelineWithoutWebSocketServesPrometheusMetricsHealthAndReadiness(@TempDir Path dir) throws Exception {
        Path yaml = CliRunner.write(dir, "plain.yaml", plainPipeline(dir.resolve("out.jsonl"), null));
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", yaml.toString())) {
            int ops = run.opsPort();
            await().atMost(Duration.ofSeconds(20)).until(() -> CliRunner.httpGet(ops, "/ready").statusCode() == 200);
            assertThat(CliRunner.httpGet(ops, "/health").body()).isEqualTo("{\"status\":\"healthy\"}");
            await().atMost(Duration.ofSeconds(20)).until(() -> CliRunner.httpGet(ops, "/metrics").body()
                    .matches("(?s).*blueprint_component_records_in_total\\{component=\"file\",type=\"Sink\"} [1-9].*"));
            var metrics = CliRunner.httpGet(ops, "/metrics");
            assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            Promtool.assertValid(metrics.body());
            assertThat(metrics.body()).contains(
                    "blueprint_component_records_out_total{component=\"numbers\",type=\"Source\"}",
                    "blueprint_component_errors_total{component=\"doubled\",type=\"Transformer\"}",
                    "blueprint_component_dropped_total{component=\"evens\",type=\"Filter\"}",
                    "blueprint_component_processing_seconds_bucket{component=\"evens\",type=\"Filter\",le=\"0.001\"}",
                    "blueprint_binding_depth{binding=\"numbers.output -> evens.input\"}",
                    "blueprint_binding_capacity{binding=\"numbers.output -> evens.input\"} 1024.0",
                    "jvm_memory_used_bytes{", "jvm_threads_live_threads ", "jvm_gc_", "process_uptime_seconds ");
            run.signal("TERM");
            assertThat(run.await(Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }

    @Test
    void aWebSocketComponentServesThePipelineWideMetricsOnItsOwnPortToo() throws Exception {
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", CliRunner.blueprint("realtime_dashboard.yaml").toString(),
                "--set", "websocket_server.port=0")) {
            int http = run.httpPort();
            int ops = run.opsPort();
            await().atMost(Duration.ofSeconds(20)).until(() -> CliRunner.httpGet(http, "/ready").statusCode() == 200);
            String onWebSocketPort = CliRunner.httpGet(http, "/metrics").body();
            Promtool.assertValid(onWebSocketPort);
            assertThat(onWebSocketPort).contains("websocket_connections_active{component=\"websocket_server\"}",
                    "blueprint_component_records_out_total{component=\"metrics_source\",type=\"Source\"}", "jvm_memory_used_bytes{");
            String onOpsPort = CliRunner.httpGet(ops, "/metrics").body();
            Promtool.assertValid(onOpsPort);
            assertThat(onOpsPort).contains("websocket_connections_active{component=\"websocket_server\"}");
            assertThat(CliRunner.httpGet(ops, "/ready").statusCode()).isEqualTo(200);
            run.signal("TERM");
            assertThat(run.await(Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }

    @Test
    void thePipelineApiGivesTheGraphRatesAndATapOfAComponentsRecords(@TempDir Path dir) throws Exception {
        Path yaml = CliRunner.write(dir, "plain.yaml", plainPipeline(dir.resolve("out.jsonl"), null));
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", yaml.toString())) {
            int ops = run.opsPort();
            JsonNode graph = JSON.readTree(CliRunner.httpGet(ops, "/api/pipeline").body());
            assertThat(graph.path("system").asText()).isEqualTo("plain");
            assertThat(graph.path("components").findValuesAsText("name")).containsExactly("numbers", "evens", "doubled", "file");
            assertThat(graph.path("bindings").get(0).path("label").asText()).isEqualTo("numbers.output -> evens.input");
            assertThat(graph.path("components").get(2).path("config").path("expression").asText()).isEqualTo("{n: (.n * 2)}");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode stats = JSON.readTree(CliRunner.httpGet(ops, "/api/stats").body());
                assertThat(stats.path("components").get(0).path("out_per_second").asDouble()).isGreaterThan(10);
                assertThat(stats.path("bindings").get(0).path("capacity").asInt()).isEqualTo(1024);
            });
            // the first look turns the tap on; records sent after it show up
            assertThat(JSON.readTree(CliRunner.httpGet(ops, "/api/components/doubled").body()).path("outputs").has("output")).isTrue();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode doubled = JSON.readTree(CliRunner.httpGet(ops, "/api/components/doubled").body());
                JsonNode tapped = doubled.path("outputs").path("output");
                assertThat(tapped.size()).isBetween(3, 20);
                assertThat(tapped.get(0).path("value").path("n").asLong() % 4).isZero();
            });
            assertThat(CliRunner.httpGet(ops, "/api/components/nope").statusCode()).isEqualTo(404);
            assertThat(CliRunner.httpGet(ops, "/").body()).contains("<title>Blueprint pipeline</title>", "/live");

            var top = CliRunner.run(Duration.ofSeconds(30), Map.of(), "top", "--once", "--url", "http://127.0.0.1:" + ops);
            assertThat(top.exitCode()).as(top.toString()).isZero();
            assertThat(top.stdout()).contains("plain  (running)", "COMPONENT", "IN/S").containsPattern("numbers\\s+Source\\s+\\d+(\\.\\d)?/s")
                    .containsPattern("evens\\s+Filter").containsPattern("file\\s+Sink .*/1024");
            run.signal("TERM");
            assertThat(run.await(Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }

    @Test
    void aFailingRecordShowsUpInTheComponentsLastErrors(@TempDir Path dir) throws Exception {
        String yaml = plainPipeline(dir.resolve("out.jsonl"), null).replace("'{n: (.n * 2)}'", "'{n: (.n * 2), bad: (.odd | tostring | . + 1)}'");
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", CliRunner.write(dir, "bad.yaml", yaml).toString())) {
            int ops = run.opsPort();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode errors = JSON.readTree(CliRunner.httpGet(ops, "/api/components/doubled").body()).path("errors");
                assertThat(errors.size()).isBetween(1, 20);
                assertThat(errors.get(0).path("kind").asText()).isNotEmpty();
                assertThat(errors.get(0).path("record").path("n").isNumber()).isTrue();
            });
            run.signal("TERM");
            run.await(Duration.ofSeconds(30));
        }
    }

    @Test
    void systemHttpInTheBlueprintChoosesTheAddressAndOffServesNothing(@TempDir Path dir) throws Exception {
        Path chosen = CliRunner.write(dir, "chosen.yaml", plainPipeline(dir.resolve("a.jsonl"), "127.0.0.1:0"));
        try (CliRunner.Running run = CliRunner.start(Map.of("BLUEPRINT_HTTP", ""), "run", chosen.toString())) {
            int ops = run.opsPort();
            await().atMost(Duration.ofSeconds(20)).until(() -> CliRunner.httpGet(ops, "/ready").statusCode() == 200);
            run.signal("TERM");
            run.await(Duration.ofSeconds(30));
        }
        Path off = CliRunner.write(dir, "off.yaml", plainPipeline(dir.resolve("b.jsonl"), "off").replace("interval: 20ms", "count: 3"));
        var result = CliRunner.run(Duration.ofSeconds(60), Map.of("BLUEPRINT_HTTP", ""), "run", off.toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        CliRunner.assertThatLog(result).doesNotContain("ops - ");
    }

    @Test
    void aBusyPortTheUserChoseFailsTheRunWithOneLine(@TempDir Path dir) throws IOException {
        Path yaml = CliRunner.write(dir, "plain.yaml", plainPipeline(dir.resolve("out.jsonl"), null));
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var result = CliRunner.run(Duration.ofSeconds(60), Map.of(), "run", "--http", "127.0.0.1:" + taken.getLocalPort(), yaml.toString());
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            CliRunner.assertThatLog(result).contains("error: ops server: cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("already in use").contains("--http").doesNotContain("\tat ");
        }
    }

    @Test
    void aBusyDefaultPortOnlyWarnsAndTheRunGoesOn(@TempDir Path dir) throws IOException {
        Path yaml = CliRunner.write(dir, "plain.yaml", plainPipeline(dir.resolve("out.jsonl"), null).replace("interval: 20ms", "count: 3"));
        // holds the default port for the length of the run, unless someone else already does: busy either way
        ServerSocket taken = null;
        try {
            taken = new ServerSocket(4195, 50, InetAddress.getByName("127.0.0.1"));
        } catch (IOException alreadyBusy) {
            // another process listens on 4195: the run meets the same busy default port
        }
        try {
            var result = CliRunner.run(Duration.ofSeconds(60), Map.of("BLUEPRINT_HTTP", ""), "run", yaml.toString());
            assertThat(result.exitCode()).as(result.toString()).isZero();
            CliRunner.assertThatLog(result).contains("WARN").contains("ops - no pipeline page or /metrics for this run: cannot listen on 127.0.0.1:4195");
            CliRunner.assertThatLog(result).contains("summary: file (Sink): in=").doesNotContain("\tat ");
        } finally {
            if (taken != null) {
                taken.close();
            }
        }
    }

    @Test
    void aBadHttpOptionIsAUsageError(@TempDir Path dir) {
        Path yaml = CliRunner.write(dir, "plain.yaml", plainPipeline(dir.resolve("out.jsonl"), null));
        var result = CliRunner.run(Duration.ofSeconds(60), Map.of(), "run", "--http", "localhost:http", yaml.toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        CliRunner.assertThatLog(result).contains("--http: port must be a whole number");
    }

    @Test
    void aBadSystemHttpIsAValidationErrorAtItsLine(@TempDir Path dir) {
        Path yaml = CliRunner.write(dir, "plain.yaml", plainPipeline(dir.resolve("out.jsonl"), "127.0.0.1:99999"));
        var result = CliRunner.run(Duration.ofSeconds(60), Map.of("BLUEPRINT_HTTP", ""), "validate", yaml.toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr() + result.stdout()).containsPattern("plain.yaml:3:\\d+: .*system.http: port must be 0..65535");
    }

    @Test
    void topSaysWhenNoPipelineAnswers() {
        // port 1 (tcpmux) has no listener on this machine: the connection is refused
        var result = CliRunner.run(Duration.ofSeconds(30), Map.of(), "top", "--once", "--url", "http://127.0.0.1:1");
        assertThat(result.exitCode()).isEqualTo(1);
        CliRunner.assertThatLog(result).contains("error: no Blueprint ops endpoint answers at http://127.0.0.1:1 (connection refused)")
                .doesNotContain("(null)");
    }
}
