package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} and {@code run --watch} end a run the same way, through the real jar and signals sent to the process the
 * test started: 0 after a graceful stop that drained, 1 when the grace period was exceeded, 130 after a second signal;
 * in each case with the summary, and a file sink holding only whole lines, as many as it says it wrote.
 */
class RunSessionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WRITTEN = Pattern.compile("summary: out \\(Sink\\): in=\\d+ .* written=(\\d+)");

    @TempDir
    Path dir;

    /** A source as fast as it goes, a throttle letting {@code perSecond} records a second through, a file sink. */
    private Path blueprint(Path out, String grace, int perSecond, int queue) {
        return CliRunner.write(dir, "bp.yaml", """
                system:
                  name: session
                  shutdown_grace_period: %s
                  components:
                    - name: src
                      type: Source
                      config: {rate: 0, template: {n: "{{seq}}", pad: "%s"}}
                    - name: slow
                      type: StreamProcessor
                      config: {variant: throttle, limit: %d, period: 100ms, mode: delay}
                    - name: out
                      type: Sink
                      config: {variant: file, path: "%s"}
                  bindings:
                    - {from: src, to: slow, capacity: %d}
                    - {from: slow, to: out, capacity: 100}
                """.formatted(grace, "p".repeat(200), perSecond / 10, out, queue));
    }

    /** {@code run FILE} or {@code run --watch FILE}. */
    private static String[] command(String mode, Path file) {
        List<String> args = new ArrayList<>(List.of("run"));
        if (!mode.isEmpty()) {
            args.add(mode);
        }
        args.add(file.toString());
        return args.toArray(String[]::new);
    }

    /** Starts the run and waits until the sink has written and {@code queued} records wait in front of the throttle. */
    private static CliRunner.Running startWriting(String mode, Path blueprint, Path out, long queued) {
        CliRunner.Running running = CliRunner.start(Map.of(), command(mode, blueprint));
        running.ready();
        await("the sink has written").atMost(Duration.ofSeconds(30)).until(() -> Files.exists(out) && Files.size(out) > 20_000);
        return running.awaitBindingDepth("src.output -> slow.input", queued);
    }

    /** The file holds whole JSON lines only, exactly as many as the sink's summary says it wrote. */
    private static void assertTheSummaryMatchesTheFile(CliRunner.Result result, Path out) throws IOException {
        Matcher m = WRITTEN.matcher(result.stderr());
        assertThat(m.find()).as("a summary line for the sink in\n" + result).isTrue();
        List<String> lines = Files.readAllLines(out);
        assertThat((long) lines.size()).as("lines in the file = written\n" + result).isEqualTo(Long.parseLong(m.group(1)));
        for (String line : lines) {
            assertThat(JSON.readTree(line).has("n")).as("a whole record: " + line.substring(0, Math.min(40, line.length()))).isTrue();
        }
    }

    @ParameterizedTest(name = "run {0}")
    @ValueSource(strings = {"", "--watch"})
    void aSignalAfterWhichEverythingDrainsExitsZero(String mode) throws IOException {
        Path out = dir.resolve("out.jsonl");
        // a small queue at 20000 records a second: drained at once
        try (var running = startWriting(mode, blueprint(out, "30s", 20_000, 8), out, 0)) {
            running.signal("TERM");
            var result = running.await(Duration.ofSeconds(30));

            assertThat(result.exitCode()).as(result.toString()).isZero();
            CliRunner.assertThatLog(result).contains("received SIGTERM; shutting down gracefully", "session - finished");
            assertTheSummaryMatchesTheFile(result, out);
        }
    }

    @ParameterizedTest(name = "run {0}")
    @ValueSource(strings = {"", "--watch"})
    void aGracePeriodExceededExitsOne(String mode) throws IOException {
        Path out = dir.resolve("out.jsonl");
        // 20000 queued records at 2000 a second cannot drain within 1 s
        try (var running = startWriting(mode, blueprint(out, "1s", 2_000, 20_000), out, 5000)) {
            running.signal("TERM");
            var result = running.await(Duration.ofSeconds(30));

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            CliRunner.assertThatLog(result).contains("error: shutdown grace period of 1s exceeded");
            assertTheSummaryMatchesTheFile(result, out);
        }
    }

    @ParameterizedTest(name = "run {0}")
    @ValueSource(strings = {"", "--watch"})
    void aSecondSignalStopsAtOnceWith130AfterClosingTheComponents(String mode) throws IOException {
        Path out = dir.resolve("out.jsonl");
        try (var running = startWriting(mode, blueprint(out, "60s", 2_000, 20_000), out, 5000)) {
            running.signal("INT");
            running.awaitStderr("received SIGINT; shutting down gracefully");
            running.signal("INT");
            var result = running.await(Duration.ofSeconds(30));

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(130);
            CliRunner.assertThatLog(result).contains("received SIGINT again; stopping at once", "error: stopped at once by a second signal");
            // the bounded close ran: the sink closed its file on a whole line and the summary counts what was left queued
            CliRunner.assertThatLog(result).containsPattern("summary: slow \\(StreamProcessor\\): .* dropped_shutdown=[1-9]");
            assertTheSummaryMatchesTheFile(result, out);
        }
    }
}
