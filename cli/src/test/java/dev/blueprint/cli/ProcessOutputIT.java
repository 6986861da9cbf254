package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.testing.Tool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code Process} worker that prints a line which never ends, run through the real jar on a small heap: the
 * line is cut at {@code max_line_bytes} and answered with {@code line_too_long}; with a limit the heap cannot
 * hold, the reader thread dies and the run fails visibly instead of hanging.
 */
class ProcessOutputIT {
    /** Answers {"n": k} with {"type": "answer", "n": k}, except request ENDLESS_ON, answered by an endless line. */
    private static final String WORKER = """
            import json, os, sys
            for line in iter(sys.stdin.readline, ""):
                n = json.loads(line)["n"]
                if n == int(os.environ["ENDLESS_ON"]):
                    while True:
                        sys.stdout.write("x" * 65536)
                        sys.stdout.flush()
                print(json.dumps({"type": "answer", "n": n}), flush=True)
            """;
    private static final List<String> SMALL_HEAP = List.of("-Xmx64m");

    @TempDir
    Path dir;

    @BeforeEach
    void writeWorker() throws IOException {
        Tool.PYTHON3.require();
        Files.writeString(dir.resolve("worker.py"), WORKER);
    }

    private Path blueprint(String processConfig) {
        return CliRunner.write(dir, "bp.yaml", """
                system:
                  name: endless_line
                  shutdown_grace_period: 5s
                  components:
                    - name: gen
                      type: Source
                      config: {rate: 0, count: 3, template: {n: "{{seq}}"}}
                    - name: worker
                      type: Process
                      config: {command: [python3, ./worker.py], env: {ENDLESS_ON: "2"}, restart_backoff: 10ms %s}
                    - name: out
                      type: Sink
                      config: {variant: file, path: "%s"}
                  bindings:
                    - {from: gen.output, to: worker.input}
                    - {from: worker.output, to: out.input}
                """.formatted(processConfig, dir.resolve("out.jsonl")));
    }

    @Test
    void aLineThatNeverEndsIsAnsweredWithLineTooLongAndTheRunGoesOnWithinASmallHeap() throws IOException {
        // the default limit, 16 MiB, is what the reader may hold: a 64 MB heap is plenty
        try (var running = CliRunner.start(SMALL_HEAP, Map.of(), "run", blueprint("").toString())) {
            var result = running.await(Duration.ofSeconds(60));

            assertThat(result.exitCode()).as(result.toString()).isZero();
            List<String> lines = Files.readAllLines(dir.resolve("out.jsonl"));
            assertThat(lines).hasSize(3);
            assertThat(lines).filteredOn(l -> l.contains("\"n\":1") || l.contains("\"n\":3")).hasSize(2)
                    .allSatisfy(l -> assertThat(l).contains("\"type\":\"answer\""));
            assertThat(lines).filteredOn(l -> l.contains("line_too_long")).singleElement()
                    .satisfies(l -> assertThat(l).contains("longer than max_line_bytes (16777216 bytes)"));
            CliRunner.assertThatLog(result).contains("worker 1 exited", "(stopped after a line_too_long)");
        }
    }

    @Test
    void aReaderThreadThatDiesFailsTheRunWithExitOneInsteadOfHanging() {
        // a limit the heap cannot hold: the reader thread runs out of memory, which must stop the run
        try (var running = CliRunner.start(SMALL_HEAP, Map.of(), "run", blueprint(", max_line_bytes: 1GiB").toString())) {
            var result = running.await(Duration.ofSeconds(60));

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            CliRunner.assertThatLog(result).contains("component 'worker' (Process) failed: the thread reading worker 1's output died",
                    "OutOfMemoryError");
        }
    }
}
