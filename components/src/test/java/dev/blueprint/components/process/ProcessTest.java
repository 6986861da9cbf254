package dev.blueprint.components.process;

import static dev.blueprint.components.Runs.lines;
import static dev.blueprint.components.Runs.yamlPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.components.Runs;
import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.runtime.exec.RunOutcome;
import dev.blueprint.runtime.validate.Problem;
import dev.blueprint.testing.TestPipeline;
import dev.blueprint.testing.Tool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Process with a real Python worker whose misbehaviour is switched on per record number by environment variables. */
class ProcessTest {
    /**
     * Answers request {n} with a "part" line (carrying a forged session_id, its pid, GREETING and its cwd), then
     * an "end" line. On n == CRASH_ON it exits with code 3 after the part; on n == HANG_ON it never ends; on
     * n == GARBAGE_ON it first prints a line that is not JSON; on n == LONG_ON it then prints a 200 kB line, on
     * n == ENDLESS_ON a line that never ends; with EXTRA set it prints one more line after each end line. DELAY
     * seconds pass before each answer.
     */
    private static final String WORKER = """
            import json, os, sys, time
            env = lambda k: int(os.environ.get(k, "0"))
            print("worker up", file=sys.stderr, flush=True)
            if os.environ.get("STARTS_DIR"):
                open(os.path.join(os.environ["STARTS_DIR"], str(os.getpid())), "w").close()
            def out(o):
                print(json.dumps(o), flush=True)
            for line in iter(sys.stdin.readline, ""):
                n = json.loads(line)["n"]
                time.sleep(float(os.environ.get("DELAY", "0")))
                if n == env("GARBAGE_ON"):
                    print("this is not json", flush=True)
                out({"type": "part", "n": n, "session_id": "forged", "pid": os.getpid(),
                     "greeting": os.environ.get("GREETING"), "cwd": os.getcwd()})
                if n == env("LONG_ON"):
                    print("y" * 200000, flush=True)
                if n == env("ENDLESS_ON"):
                    while True:
                        sys.stdout.write("x" * 65536)
                        sys.stdout.flush()
                if os.environ.get("EXTRA"):
                    # the end line and one line too many in a single write, so both reach the reader together
                    sys.stdout.write(json.dumps({"type": "end", "n": n}) + "\\n" + json.dumps({"type": "extra", "n": n}) + "\\n")
                    sys.stdout.flush()
                    continue
                if n == env("CRASH_ON"):
                    sys.exit(3)
                if n == env("HANG_ON"):
                    time.sleep(3600)
                out({"type": "end", "n": n})
            """;

    @TempDir
    Path dir;
    private Path script;

    @BeforeEach
    void writeWorker() throws IOException {
        Tool.PYTHON3.require();
        script = Files.writeString(dir.resolve("worker.py"), WORKER);
    }

    private String blueprint(int count, String processConfig) {
        return """
                system:
                  name: process_test
                  shutdown_grace_period: 5s
                  components:
                    - name: gen
                      type: Source
                      config: {rate: 0, count: %d, template: {n: "{{seq}}", session_id: "s{{seq}}", id: "{{seq}}"}}
                    - name: worker
                      type: Process
                      config:
                        command: [python3, %s]
                        end_when: '.type == "end" or .type == "error"'
                %s
                    - {name: out, type: Sink, config: {variant: file, path: %s}}
                    - {name: errors, type: Sink, config: {variant: file, path: %s}}
                  bindings:
                    - {from: gen.output, to: worker.input}
                    - {from: worker.output, to: out.input}
                    - {from: worker.errors, to: errors.input}
                """.formatted(count, yamlPath(script), processConfig.indent(8).stripTrailing(), yamlPath(dir.resolve("out.jsonl")),
                yamlPath(dir.resolve("errors.jsonl")));
    }

    private List<JsonNode> out() {
        return lines(dir.resolve("out.jsonl"));
    }

    private List<JsonNode> answersTo(int n) {
        return out().stream().filter(a -> a.path("n").asInt() == n || a.path("session_id").asText().equals("s" + n)).toList();
    }

    @Test
    void eachAnswerLineBecomesARecordCarryingTheRequestsCorrelationFields() throws Exception {
        Runs.Finished run = Runs.run(blueprint(3, "env: {GREETING: hi}"));

        assertThat(out()).hasSize(6);
        for (int n = 1; n <= 3; n++) {
            List<JsonNode> answer = answersTo(n);
            assertThat(answer).extracting(a -> a.get("type").asText()).containsExactly("part", "end");
            // the worker's forged session_id is overwritten: an answer always goes back to whoever asked
            assertThat(answer).allSatisfy(a -> {
                assertThat(a.get("session_id").asText()).isEqualTo("s" + a.get("n").asInt());
                assertThat(a.get("id").asText()).isEqualTo(Integer.toString(a.get("n").asInt()));
            });
        }
        assertThat(out().get(0).get("greeting").asText()).isEqualTo("hi");
        assertThat(run.stats("worker").errors()).isZero();
    }

    @Test
    void requestMetricsTimeEachAnswerCountItsLinesAndItsErrorsByCodeUnderTheirLabels() throws Exception {
        Runs.Finished run = Runs.run(blueprint(4, "env: {CRASH_ON: \"3\"}\nrequest_metrics: {name: model_query, labels: {parity: 'if .n % 2 == 0 then \"even\" else \"odd\" end'}}"));
        String metrics = run.pipeline().meters().scrape();
        dev.blueprint.testing.Promtool.assertValid(metrics);
        assertThat(metrics).contains("model_query_duration_seconds_count{component=\"worker\",parity=\"even\"} 2",
                "model_query_duration_seconds_count{component=\"worker\",parity=\"odd\"} 2",
                "model_query_errors_total{code=\"worker_exited\",component=\"worker\",parity=\"odd\"} 1.0",
                "model_query_answer_lines_total{component=\"worker\",parity=\"even\"} 4.0",
                "process_worker_restarts_total{component=\"worker\"} 1.0", "process_requests_in_flight{component=\"worker\"} 0.0");
        assertThat(metrics).doesNotContain("model_query_errors_total{code=\"worker_exited\",component=\"worker\",parity=\"even\"}");
    }

    @Test
    void requestMetricLabelsChosenByClientsStopGrowingAtAHundredCombinations() throws Exception {
        Runs.Finished run = Runs.run(blueprint(150, "request_metrics: {labels: {n: .n}}"));
        String metrics = run.pipeline().meters().scrape();
        long series = metrics.lines().filter(l -> l.startsWith("process_request_duration_seconds_count{")).count();
        // the "none" series registered at start, 99 more from requests, then everything else as "other"
        assertThat(series).isEqualTo(RequestMetrics.MAX_SERIES + 1);
        assertThat(metrics).containsPattern("process_request_duration_seconds_count\\{component=\"worker\",n=\"other\"} 5[01]");
    }

    @Test
    void workersRunInTheBlueprintsDirectoryUnlessCwdSaysOtherwise() throws Exception {
        Files.createDirectory(dir.resolve("sub"));
        Runs.run(blueprint(1, "cwd: " + yamlPath(dir.resolve("sub"))));
        assertThat(Path.of(out().get(0).get("cwd").asText()).toRealPath()).isEqualTo(dir.resolve("sub").toRealPath());

        Files.delete(dir.resolve("out.jsonl"));
        Runs.run(blueprint(1, ""));
        // TestPipeline loads from "test.yaml": its directory is the working directory
        assertThat(Path.of(out().get(0).get("cwd").asText()).toRealPath()).isEqualTo(Path.of("").toRealPath());
    }

    @Test
    void recordsAreSpreadAcrossTheWorkers() throws Exception {
        Runs.run(blueprint(12, "workers: 3\nenv: {DELAY: \"0.05\"}"));

        assertThat(out()).hasSize(24);
        assertThat(out().stream().filter(a -> a.has("pid")).map(a -> a.get("pid").asLong()).collect(Collectors.toSet())).hasSize(3);
    }

    @Test
    void aWorkerThatExitsMidAnswerIsRestartedAndItsRequestIsAnsweredWithWorkerExited() throws Exception {
        Runs.Finished run = Runs.run(blueprint(5, "env: {CRASH_ON: \"3\"}\nrestart_backoff: 10ms"));

        List<JsonNode> crashed = answersTo(3);
        assertThat(crashed).extracting(a -> a.get("type").asText()).containsExactly("part", "error");
        JsonNode error = crashed.get(1);
        assertThat(error.get("code").asText()).isEqualTo("worker_exited");
        assertThat(error.get("error").asText()).contains("worker 1 exited with code 3");
        assertThat(error.get("session_id").asText()).isEqualTo("s3");
        assertThat(error.get("id").asText()).isEqualTo("3");
        // the records after the crash are answered in full by a new process
        for (int n : new int[] {4, 5}) {
            assertThat(answersTo(n)).extracting(a -> a.get("type").asText()).containsExactly("part", "end");
        }
        assertThat(answersTo(4).get(0).get("pid")).isNotEqualTo(answersTo(2).get(0).get("pid"));
        assertThat(run.outcome().failure()).isNull();
    }

    @Test
    void aRequestNotAnsweredWithinTheTimeoutGetsATimeoutErrorAndTheWorkerIsReplaced() throws Exception {
        // long enough for python3 to start on a busy machine (0.7 s seen): the first two requests must not time out
        Runs.run(blueprint(3, "env: {HANG_ON: \"2\"}\ntimeout: 2500ms\nrestart_backoff: 10ms"));

        assertThat(answersTo(2)).extracting(a -> a.get("type").asText()).containsExactly("part", "error");
        JsonNode error = answersTo(2).get(1);
        assertThat(error.get("code").asText()).isEqualTo("timeout");
        assertThat(error.get("error").asText()).contains("within 2500ms");
        assertThat(error.get("session_id").asText()).isEqualTo("s2");
        assertThat(answersTo(3)).extracting(a -> a.get("type").asText()).containsExactly("part", "end");
        assertThat(answersTo(3).get(0).get("pid")).isNotEqualTo(answersTo(1).get(0).get("pid"));
    }

    @Test
    void aWorkerEndedByTheSameSignalAsThePipelineIsNotRestartedWhenNoMoreRecordsCome() throws Exception {
        // as with Ctrl-C or docker stop, which signal the whole process group
        Path starts = Files.createDirectory(dir.resolve("starts"));
        // the restart is due 300 ms after the exit: by then the stop has reached the component (its source ends at once,
        // and the component is stopping once its upstream has finished); a worker that exits before that is restarted,
        // as the component still drains
        String yaml = blueprint(1, "env: {STARTS_DIR: " + yamlPath(starts) + "}\nrestart_backoff: 300ms")
                .replace("{rate: 0, count: 1,", "{rate: 1,");
        Pipeline p = TestPipeline.start(yaml);
        // stopped right after the first answer, a second before the next record: none is queued, so none revives the
        // worker (one still queued at the stop would, rightly, and start it a second time)
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !out().isEmpty());
        long pid = out().get(0).get("pid").asLong();

        p.stop();
        ProcessHandle.of(pid).orElseThrow().destroy();
        RunOutcome outcome = p.awaitCompletion();

        assertThat(outcome.failure()).isNull();
        assertThat(outcome.graceExceeded()).isFalse();
        try (var started = Files.list(starts)) {
            assertThat(started).extracting(f -> f.getFileName().toString()).containsExactly(Long.toString(pid));
        }
    }

    @Test
    void aLineThatIsNotJsonIsCountedAsAnErrorAndTheAnswerGoesOn() throws Exception {
        Runs.Finished run = Runs.run(blueprint(3, "env: {GARBAGE_ON: \"2\"}"));

        assertThat(out()).hasSize(6);
        assertThat(answersTo(2)).extracting(a -> a.get("type").asText()).containsExactly("part", "end");
        List<JsonNode> errors = lines(dir.resolve("errors.jsonl"));
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.get("kind").asText()).isEqualTo("bad_output");
            assertThat(e.get("error").asText()).contains("worker 1 printed a line that is not a JSON object", "this is not json");
            assertThat(e.get("record").get("n").asInt()).isEqualTo(2);
        });
        assertThat(run.stats("worker").errors()).isEqualTo(1);
    }

    @Test
    void aLineLongerThanMaxLineBytesOrOneThatNeverEndsAnswersItsRequestWithLineTooLongAndTheWorkerIsReplaced() throws Exception {
        Runs.Finished run = Runs.run(blueprint(5, "env: {LONG_ON: \"2\", ENDLESS_ON: \"4\"}\nmax_line_bytes: 64KiB\nrestart_backoff: 10ms"));

        for (int n : new int[] {2, 4}) {
            assertThat(answersTo(n)).extracting(a -> a.get("type").asText()).containsExactly("part", "error");
            JsonNode error = answersTo(n).get(1);
            assertThat(error.get("code").asText()).isEqualTo("line_too_long");
            assertThat(error.get("error").asText()).contains("longer than max_line_bytes (65536 bytes)");
            assertThat(error.get("session_id").asText()).isEqualTo("s" + n);
        }
        for (int n : new int[] {1, 3, 5}) {
            assertThat(answersTo(n)).extracting(a -> a.get("type").asText()).containsExactly("part", "end");
        }
        assertThat(answersTo(3).get(0).get("pid")).isNotEqualTo(answersTo(1).get(0).get("pid"));
        assertThat(answersTo(5).get(0).get("pid")).isNotEqualTo(answersTo(3).get(0).get("pid"));
        assertThat(run.stats("worker").errors()).isZero();
    }

    @Test
    void aLinePrintedAfterTheEndOfAnAnswerIsUnexpectedOutputAndNeverTheNextRequestsAnswer() throws Exception {
        Runs.Finished run = Runs.run(blueprint(20, "env: {EXTRA: \"1\"}"));

        for (int n = 1; n <= 20; n++) {
            assertThat(answersTo(n)).as("answer to request %d", n).extracting(a -> a.get("type").asText())
                    .containsExactly("part", "end");
        }
        List<JsonNode> errors = lines(dir.resolve("errors.jsonl"));
        assertThat(errors).hasSize(20).allSatisfy(e -> {
            assertThat(e.get("kind").asText()).isEqualTo("unexpected_output");
            assertThat(e.get("error").asText()).contains("answers no pending request", "\"type\": \"extra\"");
        });
        assertThat(run.stats("worker").errors()).isEqualTo(20);
    }

    @Test
    void maxLineBytesOutsideItsRangeIsAValidationErrorAtTheKey() {
        assertThat(TestPipeline.problems(blueprint(1, "max_line_bytes: 2GiB"))).filteredOn(Problem::error).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("max_line_bytes must be 1KiB..1GiB, was 2GiB"));
    }

    @Test
    void aCommandThatCannotStartFailsTheRunNamingIt() throws Exception {
        // there, so validation lets it through, but not executable: only starting it tells
        Path notExecutable = Files.writeString(dir.resolve("not-executable.sh"), "echo hi\n");
        Pipeline p = TestPipeline.start(blueprint(1, "").replace("command: [python3,", "command: [" + yamlPath(notExecutable) + ","));
        RunOutcome outcome = p.awaitCompletion();

        assertThat(outcome.failure()).isNotNull();
        assertThat(outcome.failure()).contains("cannot start worker 1", "not-executable.sh", "check command");
    }

    @Test
    void aRelativeProgramThatIsNotThereIsAValidationErrorAtCommand() {
        assertThat(TestPipeline.problems(blueprint(1, "").replace("command: [python3,", "command: [./no-such-program-xyz,")))
                .filteredOn(Problem::error).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("command", "program './no-such-program-xyz' not found"));
    }

    @Test
    void aProgramNotOnPathIsAValidationErrorAtCommand() {
        assertThat(TestPipeline.problems(blueprint(1, "").replace("command: [python3,", "command: [pyhton3,")))
                .filteredOn(Problem::error).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("command", "program 'pyhton3' is not on PATH", "give its path"));
    }

    @Test
    void invalidSettingsAreValidationErrorsAtTheirKeys() {
        List<Problem> problems = TestPipeline.problems(blueprint(1, "workers: 0").replace(".type == \"end\" or", ".type ==== \"end\" or"));

        assertThat(problems).filteredOn(Problem::error).extracting(Problem::message).anySatisfy(m -> assertThat(m).contains("workers must be 1..256, was 0"));
        assertThat(TestPipeline.problems(blueprint(1, "")
                .replace(".type == \"end\" or", ".type ==== \"end\" or"))).filteredOn(Problem::error).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("end_when", "not a valid jq expression"));
    }
}
