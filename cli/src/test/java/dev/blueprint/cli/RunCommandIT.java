package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code blueprint run} through the real jar: finite runs, refusals, failures, signals, stats, logging. */
class RunCommandIT {
    private static final Pattern SOURCE_SUMMARY = Pattern.compile("summary: src \\(Source\\): in=0 out=(\\d+) dropped=0 errors=0");

    @TempDir
    Path dir;

    private Path write(String yaml) {
        return CliRunner.write(dir, "bp.yaml", yaml);
    }

    /** A generator emitting until stopped into a file, through a small queue. */
    private String neverEnding(Path out, String sourceConfig, int capacity) {
        return """
                system:
                  name: forever
                  components:
                    - name: src
                      type: Source
                      config: %s
                    - name: out
                      type: Sink
                      config: { variant: file, path: "%s", append: false }
                  bindings:
                    - { from: src, to: out, capacity: %d }
                """.formatted(sourceConfig, out, capacity);
    }

    private static long emitted(String stderr) {
        Matcher m = SOURCE_SUMMARY.matcher(stderr);
        assertThat(m.find()).as("source summary line in\n" + stderr).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void finiteBlueprintPrintsItsRecordsAndExitsZero() {
        var result = CliRunner.run("run", write(ValidateCommandIT.VALID).toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdoutLines()).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
        CliRunner.assertThatLog(result).contains(
                "fin - starting 2 components, 1 bindings",
                "summary: src (Source): in=0 out=3 dropped=0 errors=0",
                "summary: out (Sink): in=3 out=0 dropped=0 errors=0",
                "fin - finished");
    }

    @Test
    void invalidBlueprintIsRefusedAndNothingStarts() {
        Path file = write(ValidateCommandIT.VALID.replace("rate: 0", "rate: -1"));
        var result = CliRunner.run("run", file.toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        CliRunner.assertThatLogLines(result).containsExactly(file + ":6:33: error: src.config.rate must be 0 (as fast as possible)"
                + " or a positive number of records per second, was -1.0");
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void componentFailingToStartExitsOneNamingIt() {
        Path file = write(ValidateCommandIT.VALID.replace("type: Sink", "type: Sink\n      config: { variant: file, path: /proc/x/out.jsonl }"));
        var result = CliRunner.run("run", file.toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        CliRunner.assertThatLogLines(result).contains(
                "error: component 'out' (Sink) failed to start: cannot open /proc/x/out.jsonl for writing: no such file or directory: /proc/x");
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void sigtermStopsGracefullyAndEveryEmittedRecordReachesTheFile() throws IOException {
        Path out = dir.resolve("out.jsonl");
        try (var running = CliRunner.start(Map.of(), "run", write(neverEnding(out, "{ rate: 2000, template: { n: \"{{seq}}\" } }", 8)).toString())) {
            running.ready();
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(out) && Files.size(out) > 1000);
            running.signal("TERM");
            var result = running.await(Duration.ofSeconds(30));
            assertThat(result.exitCode()).as(result.toString()).isZero();
            CliRunner.assertThatLog(result).contains("received SIGTERM; shutting down gracefully");
            long emitted = emitted(result.stderr());
            List<String> expected = LongStream.rangeClosed(1, emitted).mapToObj(n -> "{\"n\":" + n + "}").toList();
            assertThat(Files.readAllLines(out)).containsExactlyElementsOf(expected);
            CliRunner.assertThatLog(result).contains("summary: out (Sink): in=" + emitted + " out=0 dropped=0 errors=0");
        }
    }

    @Test
    void secondSigintStopsAtOnce() {
        // a 60 kB record written a million times to /dev/null: draining the full queue would take far longer than the test
        String big = "x".repeat(60_000);
        String yaml = neverEnding(Path.of("/dev/null"), "{ rate: 0, template: { text: " + big + " } }", 1_000_000);
        try (var running = CliRunner.start(Map.of(), "run", "--stats", "1", write(yaml).toString())) {
            running.awaitStderr("[stats] out (Sink)");
            running.signal("INT");
            running.awaitStderr("received SIGINT; shutting down gracefully");
            long second = System.nanoTime();
            running.signal("INT");
            var result = running.await(Duration.ofSeconds(20));
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(130);
            assertThat(System.nanoTime() - second).isLessThan(Duration.ofSeconds(10).toNanos());
            CliRunner.assertThatLog(result).contains("received SIGINT again; stopping at once");
            // the sink is stopped too, and what was still queued for it is counted, not forgotten
            CliRunner.assertThatLog(result).containsPattern("summary: out \\(Sink\\): in=\\d+ out=0 dropped=\\d+ errors=0 dropped_shutdown=[1-9]");
        }
    }

    @Test
    void statsPrintsALinePerComponentEverySecondWithRates() {
        Path file = write(ValidateCommandIT.VALID.replace("rate: 0", "interval: 1s"));
        var result = CliRunner.run("run", "--stats", "1", file.toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        CliRunner.assertThatLog(result).containsPattern("\\[stats] src \\(Source\\) in=0 \\(0/s\\) out=[1-3] \\(([1-9]|[0-9]\\.[0-9])/s\\) dropped=0 errors=0 queued=0");
        CliRunner.assertThatLog(result).containsPattern("\\[stats] out \\(Sink\\) in=[0-3] \\([0-9.]+/s\\) out=0 \\(0/s\\) dropped=0 errors=0 queued=[0-1]");
    }

    @Test
    void environmentVariablesAndSetReachTheComponents() {
        Path file = write("""
                system:
                  name: ${SYSTEM:-env_demo}
                  components:
                    - name: src
                      type: Source
                      config:
                        count: ${COUNT}
                        rate: 0
                        template: { who: "${WHO}", n: "{{seq}}" }
                    - name: out
                      type: Sink
                  bindings:
                    - from: src
                      to: out
                """);
        var result = CliRunner.run(Duration.ofSeconds(60), CliRunner.env("COUNT", "5", "WHO", "ann"), "run", "--set", "src.count=2", file.toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdoutLines()).containsExactly("{\"who\":\"ann\",\"n\":1}", "{\"who\":\"ann\",\"n\":2}");
        CliRunner.assertThatLog(result).contains("env_demo - starting");
        var unknown = CliRunner.run(Duration.ofSeconds(60), CliRunner.env("COUNT", "5", "WHO", "ann"), "run", "--set", "sr.count=2", file.toString());
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(2);
        CliRunner.assertThatLogLines(unknown).containsExactly("--set sr.count=2: error: no component named 'sr' — did you mean 'src'?");
    }

    @Test
    void logLevelComesFromTheOptionOrLogLevel() {
        Path file = write(ValidateCommandIT.VALID);
        var quiet = CliRunner.run("run", "--log-level", "warn", file.toString());
        assertThat(quiet.exitCode()).as(quiet.toString()).isZero();
        CliRunner.assertThatLog(quiet).isEmpty();
        assertThat(quiet.stdoutLines()).hasSize(3);
        var debug = CliRunner.run(Duration.ofSeconds(60), CliRunner.env("LOG_LEVEL", "debug"), "run", file.toString());
        assertThat(debug.exitCode()).as(debug.toString()).isZero();
        CliRunner.assertThatLog(debug).contains(" DEBUG ", " INFO ");
        var flagWins = CliRunner.run(Duration.ofSeconds(60), CliRunner.env("LOG_LEVEL", "debug"), "run", "--log-level", "error", file.toString());
        CliRunner.assertThatLog(flagWins).isEmpty();
    }

    @Test
    void logFormatJsonWritesEveryLogLineAsOneJsonObject() throws Exception {
        // the filter's condition unset: a validation warning, to be written as a log event too
        CliRunner.Result r = CliRunner.run(java.time.Duration.ofSeconds(60), java.util.Map.of(), "run", "--log-format", "json",
                "--set", "keep_all.condition=null", CliRunner.blueprint("hello.yaml").toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> lines = r.stderr().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).isNotEmpty();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String line : lines) {
            com.fasterxml.jackson.databind.JsonNode entry = json.readTree(line);
            assertThat(entry.path("log.level").asText()).as(line).isIn("INFO", "WARN", "ERROR", "DEBUG");
            assertThat(entry.has("message")).as(line).isTrue();
            assertThat(entry.path("log.logger").asText()).as(line).startsWith("dev.blueprint");
            assertThat(entry.path("process.thread.name").asText()).as(line).isNotEmpty();
            // ISO-8601 with a zone, as log shippers parse it unchanged
            assertThat(java.time.Instant.parse(entry.path("@timestamp").asText())).as(line).isNotNull();
        }
        assertThat(lines).anyMatch(l -> l.contains("summary: numbers (Source)"));
        assertThat(lines).anyMatch(l -> l.contains("no condition set")); // a validation warning, as a log event
        assertThat(CliRunner.run(java.time.Duration.ofSeconds(60), java.util.Map.of(), "run", "--log-format", "yaml",
                CliRunner.blueprint("hello.yaml").toString()).exitCode()).isEqualTo(2);
    }

    @Test
    void jsonLogsNameTheComponentAThreadLogsFor() throws Exception {
        Path file = write("""
                system:
                  name: failing
                  components:
                    - {name: src, type: Source, config: {count: 1, rate: 0, template: {n: "{{seq}}"}}}
                    - {name: boom, type: Transformer, config: {expression: '.n | error("no good")'}}
                  bindings:
                    - {from: src.output, to: boom.input}
                """);
        CliRunner.Result r = CliRunner.run(java.time.Duration.ofSeconds(60), java.util.Map.of(), "run", "--log-format", "json", file.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<com.fasterxml.jackson.databind.JsonNode> failures = new java.util.ArrayList<>();
        for (String line : r.stderr().lines().filter(l -> l.contains("no good")).toList()) {
            failures.add(json.readTree(line));
        }
        assertThat(failures).singleElement().satisfies(e -> {
            assertThat(e.path("log.level").asText()).isEqualTo("WARN");
            assertThat(e.path("component").asText()).isEqualTo("boom");
        });
    }

    @Test
    void theReadyFileNamesEveryPortTheRunBound() throws Exception {
        Path file = write("""
                system:
                  name: ports
                  components:
                    - {name: ingest, type: Source, config: {variant: http, host: 127.0.0.1, port: 0, path: /in}}
                    - {name: ws, type: WebSocket, config: {host: 127.0.0.1, port: 0, http_port: -1}}
                  bindings:
                    - {from: ingest, to: ws}
                """);
        try (var running = CliRunner.start(Map.of(), "run", file.toString())) {
            JsonNode ready = running.ready();
            assertThat(ready.path("pid").asLong()).isEqualTo(running.pid());
            assertThat(ready.path("components").fieldNames()).toIterable().containsExactly("ingest", "ws");
            assertThat(ready.path("components").path("ws").fieldNames()).toIterable().containsExactly("http_port", "port");
            // every port named is the one the run listens on: each answers as that component would
            HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + running.port("ingest") + "/in")).POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).isEqualTo(202);
            assertThat(CliRunner.httpGet(running.port("ws"), "/health").body()).startsWith("{\"status\":\"healthy\"");
            assertThat(CliRunner.httpGet(running.port("ws", "http_port"), "/health").body()).startsWith("{\"status\":\"healthy\"");
            assertThat(CliRunner.httpGet(running.opsPort(), "/ready").statusCode()).isEqualTo(200);
            running.signal("TERM");
            assertThat(running.await(Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }

}
