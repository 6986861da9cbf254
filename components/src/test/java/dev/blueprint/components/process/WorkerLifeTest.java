package dev.blueprint.components.process;

import static dev.blueprint.components.Runs.lines;
import static dev.blueprint.components.Runs.yamlPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.testing.TestPipeline;
import dev.blueprint.testing.Tool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real worker (a Python program) in a real pipeline goes through the {@link WorkerState}s its events lead to: the
 * states it stays in long enough to be seen are checked as it reaches them.
 */
class WorkerLifeTest {
    /** Answers {"n": n}; hangs on n == HANG_ON. */
    private static final String WORKER = """
            import json, os, sys, time
            for line in iter(sys.stdin.readline, ""):
                n = json.loads(line)["n"]
                if n == int(os.environ.get("HANG_ON", "0")):
                    time.sleep(3600)
                print(json.dumps({"n": n}), flush=True)
            """;

    @TempDir
    Path dir;
    private Path script;

    @BeforeEach
    void writeWorker() throws IOException {
        Tool.PYTHON3.require();
        script = Files.writeString(dir.resolve("worker.py"), WORKER);
    }

    private Pipeline start(int records, String processConfig) throws InterruptedException {
        return TestPipeline.start("""
                system:
                  name: worker_life
                  shutdown_grace_period: 10s
                  components:
                    - {name: gen, type: Source, config: {rate: 0, count: %d, template: {n: "{{seq}}"}}}
                    - name: worker
                      type: Process
                      config:
                        command: [python3, %s]
                %s
                    - {name: out, type: Sink, config: {variant: file, path: %s}}
                  bindings:
                    - {from: gen.output, to: worker.input}
                    - {from: worker.output, to: out.input}
                """.formatted(records, yamlPath(script), processConfig.indent(8).stripTrailing(), yamlPath(dir.resolve("out.jsonl"))));
    }

    private static Worker worker(Pipeline p) {
        return p.component("worker", ProcessComponent.class).orElseThrow().workers().get(0);
    }

    private static void awaitState(Worker worker, WorkerState state) {
        await("worker in " + state).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5))
                .until(() -> worker.state() == state);
    }

    @Test
    void aWorkerHoldingARequestIsBusyUntilAStopClosesIt() throws Exception {
        Pipeline p = start(1, "env: {HANG_ON: \"1\"}\ntimeout: 0");
        Worker worker = worker(p);
        // NEW -> IDLE -> BUSY: the one request, which it holds on to
        awaitState(worker, WorkerState.BUSY);
        p.forceStop();
        p.awaitCompletion();
        // BUSY -> CLOSING -> CLOSED: its input closed by the stop, then killed for not exiting
        assertThat(worker.state()).isEqualTo(WorkerState.CLOSED);
    }

    @Test
    void answeredRequestsLeaveItIdleUntilItsInputEndsAndItIsClosed() throws Exception {
        Pipeline p = start(3, "timeout: 0");
        Worker worker = worker(p);
        // NEW -> IDLE -> BUSY -> SETTLING -> IDLE, three times; then CLOSING -> CLOSED at the end of the input
        assertThat(p.awaitCompletion().failure()).isNull();
        assertThat(lines(dir.resolve("out.jsonl"))).hasSize(3);
        assertThat(worker.state()).isEqualTo(WorkerState.CLOSED);
    }

    @Test
    void aTimeoutKillsTheWorkerWhichWaitsOutTheBackoffAndComesBackToAnswerTheNextRequest() throws Exception {
        // a timeout long enough for python3 to start on a busy machine, so that only the hanging request times out
        Pipeline p = start(2, "env: {HANG_ON: \"1\"}\ntimeout: 2500ms\nrestart_backoff: 3s");
        Worker worker = worker(p);
        awaitState(worker, WorkerState.BUSY);
        // BUSY -> KILLED -> RESTARTING: three seconds of backoff, while request 2 waits for a worker
        awaitState(worker, WorkerState.RESTARTING);
        await("the timeout answered").atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(lines(dir.resolve("out.jsonl")))
                .singleElement().satisfies(a -> assertThat(a.path("code").asText()).isEqualTo("timeout")));
        assertThat(worker.state()).as("still waiting out the backoff").isEqualTo(WorkerState.RESTARTING);
        // RESTARTING -> IDLE with a new program, which answers request 2; CLOSING -> CLOSED at the end of the input
        assertThat(p.awaitCompletion().failure()).isNull();
        assertThat(lines(dir.resolve("out.jsonl"))).last().satisfies(a -> assertThat(a.path("n").asInt()).isEqualTo(2));
        assertThat(worker.state()).isEqualTo(WorkerState.CLOSED);
    }
}
