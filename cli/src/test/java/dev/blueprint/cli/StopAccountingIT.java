package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops that are not clean, through the real jar: whatever way the run ends, the summary accounts for every
 * record a component was sent, and the file a sink wrote holds exactly the lines it says it wrote, all whole.
 */
class StopAccountingIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A source as fast as it goes, a throttle letting 2000 records a second through, a file sink. */
    private Path blueprint(Path out, String grace) {
        return CliRunner.write(dir, "bp.yaml", """
                system:
                  name: stops
                  shutdown_grace_period: %s
                  components:
                    - name: src
                      type: Source
                      config: {rate: 0, template: {n: "{{seq}}", pad: "%s"}}
                    - name: slow
                      type: StreamProcessor
                      config: {variant: throttle, limit: 200, period: 100ms, mode: delay}
                    - name: out
                      type: Sink
                      config: {variant: file, path: "%s"}
                  bindings:
                    - {from: src, to: slow, capacity: 20000}
                    - {from: slow, to: out, capacity: 1000}
                """.formatted(grace, "p".repeat(200), out));
    }

    /** The numbers of one component's summary line. */
    private record Summary(long in, long out, long dropped, long droppedShutdown, long inFlight, long written, long unwritten) {
        static Summary of(String stderr, String component) {
            Matcher m = Pattern.compile("summary: " + component + " \\([A-Za-z]+\\): in=(\\d+) out=(\\d+) dropped=(\\d+) errors=0(.*)")
                    .matcher(stderr);
            assertThat(m.find()).as("summary of " + component + " in\n" + stderr).isTrue();
            String rest = m.group(4);
            assertThat(rest).as("summary of " + component).doesNotContain("(running)");
            return new Summary(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                    number(rest, "dropped_shutdown"), number(rest, "in_flight"), number(rest, "written"), number(rest, "unwritten"));
        }

        private static long number(String text, String key) {
            Matcher m = Pattern.compile(" " + key + "=(\\d+)").matcher(text);
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        }
    }

    private static void assertEveryRecordIsAccountedFor(String stderr, Path file) throws IOException {
        Summary src = Summary.of(stderr, "src");
        Summary slow = Summary.of(stderr, "slow");
        Summary out = Summary.of(stderr, "out");
        // no overflow policy drops here: what is not delivered was dropped at shutdown
        assertThat(slow.dropped()).isEqualTo(slow.droppedShutdown());
        assertThat(out.dropped()).isEqualTo(out.droppedShutdown());
        assertThat(src.out()).as("src out = slow in + dropped on its input").isEqualTo(slow.in() + slow.dropped());
        assertThat(slow.in()).as("slow in = out + in flight").isEqualTo(slow.out() + slow.inFlight());
        assertThat(slow.out()).as("slow out = sink in + dropped on its input").isEqualTo(out.in() + out.dropped());
        assertThat(out.in()).as("sink in = written + unwritten").isEqualTo(out.written() + out.unwritten());

        List<String> lines = Files.readAllLines(file);
        assertThat((long) lines.size()).as("lines in the file = written").isEqualTo(out.written());
        Set<Long> seen = new HashSet<>();
        for (String line : lines) {
            JsonNode record = JSON.readTree(line); // a partial line would not parse
            assertThat(seen.add(record.get("n").asLong())).as("each record once: " + line.substring(0, 20)).isTrue();
        }
    }

    @Test
    void aSecondSigtermDuringTheDrainStopsAtOnceAndTheSummaryAccountsForEveryRecord() throws IOException {
        Path file = dir.resolve("out.jsonl");
        try (var running = CliRunner.start(Map.of(), "run", blueprint(file, "60s").toString())) {
            // thousands queued in front of the throttle: seconds of work at 2000 a second, more than the stop will drain
            running.awaitBindingDepth("src.output -> slow.input", 5000);
            running.signal("TERM");
            running.awaitStderr("received SIGTERM; shutting down gracefully");
            running.signal("TERM");
            var result = running.await(Duration.ofSeconds(30));

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(130);
            CliRunner.assertThatLog(result).contains("received SIGTERM again; stopping at once",
                    "error: stopped at once by a second signal");
            // the queue of 20000 in front of the throttle cannot have drained at 2000 records a second
            assertThat(Summary.of(result.stderr(), "slow").droppedShutdown()).isPositive();
            assertEveryRecordIsAccountedFor(result.stderr(), file);
        }
    }

    @Test
    void aGracePeriodExceededEndsTheRunWithEveryRecordAccountedFor() throws IOException {
        Path file = dir.resolve("out.jsonl");
        try (var running = CliRunner.start(Map.of(), "run", blueprint(file, "1s").toString())) {
            // thousands queued in front of the throttle: seconds of work at 2000 a second, more than the stop will drain
            running.awaitBindingDepth("src.output -> slow.input", 5000);
            running.signal("TERM");
            var result = running.await(Duration.ofSeconds(30));

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            CliRunner.assertThatLog(result).contains("shutdown grace period of 1s exceeded");
            assertThat(Summary.of(result.stderr(), "slow").droppedShutdown()).isPositive();
            assertEveryRecordIsAccountedFor(result.stderr(), file);
        }
    }
}
