package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ops server under records of 20 MB, through the CLI jar with a 256 MiB heap: the tap and the kept errors hold a
 * few KiB of each record, marked as cut, so that 22 such records (440 MB) leave the heap small after a full GC; the
 * component panel keeps answering, small, and {@code /health} stays healthy. Before, whole records were kept and the
 * panel's request ran out of memory, after which {@code /health} reported the ops server failing for good.
 */
class BigRecordsOpsIT {
    private static final int RECORDS = 22;
    /** Two fields of this many characters: 20 MB a record (a single JSON string may hold at most 20 million). */
    private static final int FIELD_BYTES = 10_000_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void twentyMegabyteRecordsAreKeptAsSmallExcerptsAndTheHeapStaysSmall() throws Exception {
        Path file = CliRunner.write(dir, "big.yaml", """
                system:
                  name: big
                  components:
                    - {name: ingest, type: Source, config: {variant: http, host: 127.0.0.1, port: 0, path: /in, max_body_bytes: 32MiB,
                       max_buffered_body_bytes: 48MiB}}
                    - {name: failing, type: Transformer, config: {expression: 'error("refused a big record")'}}
                    - {name: drop, type: Sink, config: {variant: discard}}
                  bindings:
                    - {from: ingest.output, to: failing.input}
                    - {from: failing.output, to: drop.input}
                """);
        try (CliRunner.Running run = CliRunner.start(List.of("-Xmx256m"), Map.of(), "run", file.toString())) {
            int ingest = run.port("ingest");
            int ops = run.opsPort();
            String blob = "x".repeat(FIELD_BYTES);
            for (int i = 0; i < RECORDS; i++) {
                CliRunner.httpGet(ops, "/api/components/ingest"); // keeps the tap on
                String body = "{\"n\":" + i + ",\"blob\":\"" + blob + "\",\"more\":\"" + blob + "\"}";
                HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest + "/in"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(posted.statusCode()).as("record %d", i).isEqualTo(202);
            }
            await("the records handled").atMost(Duration.ofSeconds(60))
                    .until(() -> errors(CliRunner.httpGet(ops, "/api/components/failing").body()).size() == Math.min(RECORDS, 20));

            HttpResponse<String> panel = CliRunner.httpGet(ops, "/api/components/ingest");
            assertThat(panel.statusCode()).isEqualTo(200);
            assertThat(panel.body().length()).as("the panel of 20 tapped 20 MB records").isLessThan(200_000);
            JsonNode tapped = JSON.readTree(panel.body()).path("outputs").path("output");
            assertThat(tapped.size()).isGreaterThan(0);
            assertThat(tapped.get(0).path("cut").asBoolean()).isTrue();
            assertThat(tapped.get(0).path("value").path("blob").asText()).endsWith("…(cut)").hasSizeLessThan(5000);

            JsonNode kept = errors(CliRunner.httpGet(ops, "/api/components/failing").body());
            assertThat(kept.get(0).path("cut").asBoolean()).isTrue();
            assertThat(kept.get(0).path("record").path("blob").asText()).hasSizeLessThan(5000);

            assertThat(CliRunner.run(Duration.ofSeconds(30), Map.of(), "probe", "http://127.0.0.1:" + ops + "/health").exitCode()).isZero();
            assertThat(CliRunner.httpGet(ops, "/health").body()).contains("\"status\":\"healthy\"");
            assertThat(heapAfterFullGc(run, ops)).as("heap used after a full GC").isLessThan(96L << 20);
        }
    }

    private static JsonNode errors(String component) throws Exception {
        return JSON.readTree(component).path("errors");
    }

    /** The run's heap in use after {@code jcmd PID GC.run}, as its {@code /metrics} says. */
    private static long heapAfterFullGc(CliRunner.Running run, int ops) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(run.pid()), "GC.run").redirectErrorStream(true).start();
        gc.getInputStream().readAllBytes();
        assertThat(gc.waitFor()).as("jcmd GC.run").isZero();
        long used = 0;
        for (String line : CliRunner.httpGet(ops, "/metrics").body().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return used;
    }
}
