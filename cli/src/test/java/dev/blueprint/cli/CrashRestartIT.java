package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.components.testkit.TestRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redis Stream read through a slow stage into a file, killed with SIGKILL at random points and restarted:
 * because the source acknowledges an entry only once its record is written, every entry ends up in the file
 * (at least once), whatever the kills interrupted. Needs Redis (the shared server, as the other Redis tests).
 */
class CrashRestartIT {
    private static final int ENTRIES = 3000;
    private static final int KILLS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The stage after the throttle: a Transformer, or a Process (cat, one answer line per request) then a Transformer. */
    private static final String TRANSFORMER = """
                - name: shape
                  type: Transformer
                  config: {expression: '{id, n: .data.n}'}
            """;
    private static final String PROCESS = """
                - name: worker
                  type: Process
                  config: {command: [cat], workers: 2}
                - name: shape
                  type: Transformer
                  config: {expression: '{id, n: .data.n}'}
            """;

    private Path blueprint(String stream, Path out, String stages) {
        boolean process = stages.contains("Process");
        String bindings = process
                ? "    - {from: slow, to: worker, capacity: 500}\n    - {from: worker, to: shape, capacity: 500}\n"
                : "    - {from: slow, to: shape, capacity: 500}\n";
        return CliRunner.write(dir, "bp.yaml", """
                system:
                  name: crash_restart
                  shutdown_grace_period: 10s
                  components:
                    - name: entries
                      type: Source
                      config: {variant: redis, url: "%s", mode: stream, stream: "%s", group: g, consumer: c1}
                    - name: slow
                      type: StreamProcessor
                      # 300 a second: five runs killed within half a second of their first line cannot write all 3000
                      # entries (at 1000 a second a fast machine did, and the kills proved nothing)
                      config: {variant: throttle, limit: 30, period: 100ms, mode: delay}
                %s    - name: out
                      type: Sink
                      config: {variant: file, path: "%s", append: true}
                  bindings:
                    - {from: entries, to: slow, capacity: 500}
                %s    - {from: shape, to: out, capacity: 500}
                """.formatted(TestRedis.sharedUrl(), stream, stages, out, bindings));
    }

    private static Set<String> ids(Path file) {
        Set<String> ids = new HashSet<>();
        try {
            if (!Files.exists(file)) {
                return ids;
            }
            for (String line : JsonLines.whole(file)) {
                ids.add(JSON.readTree(line).get("id").asText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    private static long lineCount(Path file) {
        try {
            return JsonLines.whole(file).size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void killedFiveTimesAtRandomPointsAndRestartedEveryEntryIsWrittenAtLeastOnce() {
        killAndRestart("transformer", TRANSFORMER);
    }

    @Test
    void throughAProcessWorkerPoolToo() {
        // an entry is acknowledged only once the worker's answer to it is written, not when a worker took it
        killAndRestart("process", PROCESS);
    }

    private void killAndRestart(String name, String stages) {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        try (TestRedis redis = TestRedis.shared("crash-restart-" + name)) {
            String stream = redis.key("s");
            Set<String> added = new HashSet<>();
            for (int n = 1; n <= ENTRIES; n++) {
                added.add(redis.sync().xadd(stream, Map.of("data", "{\"n\":" + n + "}")));
            }
            Path out = dir.resolve("out.jsonl");
            Path bp = blueprint(stream, out, stages);

            for (int kill = 1; kill <= KILLS; kill++) {
                long before = lineCount(out);
                try (var running = CliRunner.start(Map.of(), "run", bp.toString())) {
                    // let it make some progress, then kill it at a random point within its next ~half second of
                    // work: after 1 to 150 more lines (300 a second)
                    long more = 1 + random.nextInt(150);
                    await("run " + kill + " wrote " + more + " more lines").atMost(Duration.ofSeconds(30))
                            .until(() -> lineCount(out) >= before + more);
                    running.kill();
                }
            }
            assertThat(ids(out)).as("entries written before the last run (seed %d)", seed).hasSizeLessThan(ENTRIES);

            try (var running = CliRunner.start(Map.of(), "run", bp.toString())) {
                await().atMost(Duration.ofSeconds(90)).until(() -> ids(out).size() >= ENTRIES);
                running.signal("TERM");
                var result = running.await(Duration.ofSeconds(30));
                assertThat(result.exitCode()).as(result.toString()).isZero();
            }
            assertThat(ids(out)).as("every entry, seed %d", seed).isEqualTo(added);
            // a graceful stop acknowledges everything it handled: nothing is left pending for the group
            assertThat(redis.sync().xpending(stream, "g").getCount()).isZero();
            List<String> lines;
            try {
                lines = Files.readAllLines(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertThat(lines).allSatisfy(l -> assertThat(l).startsWith("{\"id\":").endsWith("}"));
        }
    }
}
