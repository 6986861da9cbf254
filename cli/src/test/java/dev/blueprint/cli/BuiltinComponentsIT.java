package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Built-in components as a user meets them through the CLI: error reporting and exit codes, output choices. */
class BuiltinComponentsIT {
    @TempDir
    Path dir;

    @Test
    void httpSourceOnPortZeroLogsItsPortAcceptsPostsAndStopsOnSigterm() throws Exception {
        Path file = CliRunner.write(dir, "http.yaml", """
                system:
                  name: http_ingest
                  components:
                    - {name: ingest, type: Source, config: {variant: http, host: 127.0.0.1, port: 0, path: /events}}
                    - {name: keep, type: Filter, config: {condition: '.ok'}}
                    - {name: out, type: Sink}
                    - {name: dropped, type: Sink, config: {variant: discard}}
                  bindings:
                    - {from: ingest.output, to: keep.input}
                    - {from: keep.output, to: out.input}
                    - {from: keep.rejected, to: dropped.input}
                """);
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", file.toString())) {
            URI uri = URI.create("http://127.0.0.1:" + run.port("ingest") + "/events");
            HttpClient client = HttpClient.newHttpClient();

            HttpResponse<String> ok = client.send(HttpRequest.newBuilder(uri)
                    .POST(HttpRequest.BodyPublishers.ofString("[{\"id\":1,\"ok\":true},{\"id\":2,\"ok\":false},{\"id\":3,\"ok\":true}]")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> bad = client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("nope")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(202);
            assertThat(bad.statusCode()).isEqualTo(400);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> run.stdout().lines().count() == 2);
            run.signal("TERM");
            CliRunner.Result r = run.await(Duration.ofSeconds(30));

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdoutLines()).containsExactly("{\"id\":1,\"ok\":true}", "{\"id\":3,\"ok\":true}");
            CliRunner.assertThatLog(r).contains("summary: ingest (Source): in=0 out=3 dropped=0 errors=1")
                    .contains("summary: keep (Filter): in=3 out=3 dropped=0 errors=0");
        }
    }

    @Test
    void logSinkWithALevelWritesRecordsToTheLogInsteadOfStdout() {
        Path file = CliRunner.write(dir, "level.yaml", """
                system:
                  name: log_level
                  components:
                    - {name: gen, type: Source, config: {rate: 0, count: 2, template: {n: "{{seq}}"}}}
                    - {name: out, type: Sink, config: {level: warn}}
                  bindings:
                    - {from: gen.output, to: out.input}
                """);

        CliRunner.Result r = CliRunner.run("run", file.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEmpty();
        CliRunner.assertThatLog(r).contains("WARN  [blueprint-out] out - {\"n\":1}").contains("out - {\"n\":2}");
    }

    @Test
    void invalidJqIsReportedAtItsLineAndColumnWithExitCode2() {
        Path file = CliRunner.write(dir, "bad.yaml", """
                system:
                  name: bad_jq
                  components:
                    - name: gen
                      type: Source
                    - name: keep
                      type: Filter
                      config:
                        condition: '.level =='
                    - name: out
                      type: Sink
                  bindings:
                    - {from: gen.output, to: keep.input}
                    - {from: keep.output, to: out.input}
                """);

        CliRunner.Result r = CliRunner.run("run", file.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        CliRunner.assertThatLog(r).contains("bad.yaml:9:20: error: keep.config.condition").contains("is not a valid jq expression");
    }

    @Test
    void missingInputFileIsAValidationErrorBeforeAnythingRuns() {
        Path file = CliRunner.write(dir, "missing.yaml", """
                system:
                  name: missing_input
                  components:
                    - {name: in, type: Source, config: {variant: file, path: does-not-exist.jsonl}}
                    - {name: out, type: Sink}
                  bindings:
                    - {from: in.output, to: out.input}
                """);

        CliRunner.Result r = CliRunner.run("run", file.toString());

        // resolved against the blueprint's folder, as the run would open it
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        CliRunner.assertThatLog(r).contains("missing.yaml:4:62: error: in.config.path: no such file: " + dir.resolve("does-not-exist.jsonl"));
    }
}
