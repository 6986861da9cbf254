package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.components.testkit.RedisTestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redis Stream into an event-time window whose state is checkpointed to Redis, into a file, killed with SIGKILL three
 * times in the middle of windows and restarted: every window's count per key is the number of distinct entries of that
 * key and window in the input, whatever the kills interrupted (no entry lost, none counted twice).
 */
class WindowStateCrashIT {
    private static final int ENTRIES = 2400;
    private static final int KEYS = 4;
    /** 2026-12-04T13:17:40Z: windows of 10 s start on multiples of it. */
    private static final long T0 = 1796390260L;
    /** Event time between two entries: 40 ms, so each 10-second window holds 250 entries, 62 or 63 per key. */
    private static final long STEP_MS = 40;
    private static final String STATE = "blueprint:state:window_crash:counts";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void killedThreeTimesMidWindowTheCountsPerKeyAreTheDistinctEntriesOfEachWindow() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Files.createDirectories(dir.resolve("redis"));
        try (RedisTestServer server = new RedisTestServer(dir.resolve("redis"));
                RedisClient client = RedisClient.create(server.url());
                StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            Map<String, Set<String>> expected = new HashMap<>();
            for (int i = 0; i < ENTRIES; i++) {
                long ms = T0 * 1000 + i * STEP_MS;
                String key = "k" + (i % KEYS);
                String id = redis.xadd("readings", Map.of("data", "{\"k\":\"" + key + "\",\"ts\":" + java.math.BigDecimal.valueOf(ms, 3).toPlainString() + "}"));
                expected.computeIfAbsent(key + " " + Instant.ofEpochMilli(ms - Math.floorMod(ms, 10_000)), k -> new HashSet<>()).add(id);
            }
            // far ahead: its event time moves the watermark past every window above, closing them all
            redis.xadd("readings", Map.of("data", "{\"k\":\"k0\",\"ts\":" + (T0 + 3600) + "}"));
            Path out = dir.resolve("windows.jsonl");
            Path bp = blueprint(server.url(), out);

            for (int kill = 1; kill <= 3; kill++) {
                // counted in the checkpoint, not at the source: the source reads hundreds ahead into the bindings, and a
                // run killed before its first checkpoint would test nothing
                long before = Math.max(checkpointed(redis), T0 * 1000);
                long more = 100 + random.nextInt(400); // 100 .. 500 entries on: inside a window of 250 most of the time
                try (var running = CliRunner.start(Map.of(), "run", bp.toString())) {
                    await("run " + kill + " checkpointed " + more + " more entries").atMost(Duration.ofSeconds(60))
                            .until(() -> checkpointed(redis) >= before + more * STEP_MS);
                    running.kill();
                }
            }
            assertThat(windows(out).size()).as("windows emitted before the last run (seed %d)", seed).isLessThan(expected.size());

            try (var running = CliRunner.start(Map.of(), "run", bp.toString())) {
                await().atMost(Duration.ofSeconds(90)).until(() -> windows(out).keySet().containsAll(expected.keySet()));
                running.signal("TERM");
                var result = running.await(Duration.ofSeconds(30));
                assertThat(result.exitCode()).as(result.toString()).isZero();
            }
            Map<String, Set<Long>> emitted = windows(out);
            for (Map.Entry<String, Set<String>> w : expected.entrySet()) {
                // a window emitted again after a kill (its result written, the checkpoint not yet told) says the same
                assertThat(emitted.get(w.getKey())).as("count of %s, seed %d", w.getKey(), seed).containsExactly((long) w.getValue().size());
            }
        }
    }

    /** The latest event time (ms) the window's last checkpoint holds, or Long.MIN_VALUE before its first. */
    private static long checkpointed(RedisCommands<String, String> redis) throws IOException {
        String state = redis.get(STATE);
        return state == null ? Long.MIN_VALUE : JSON.readTree(state).path("latest").asLong(Long.MIN_VALUE);
    }

    /** The counts written for each "key start" (one unless a window was emitted twice, when all must agree). */
    private static Map<String, Set<Long>> windows(Path file) {
        Map<String, Set<Long>> counts = new HashMap<>();
        try {
            if (!Files.exists(file)) {
                return counts;
            }
            for (String line : JsonLines.whole(file)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode w = JSON.readTree(line);
                counts.computeIfAbsent(w.get("key").asText() + " " + w.get("start").asText(), k -> new HashSet<>()).add(w.get("count").asLong());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counts;
    }

    private Path blueprint(String url, Path out) {
        return CliRunner.write(dir, "bp.yaml", """
                system:
                  name: window_crash
                  shutdown_grace_period: 10s
                  components:
                    - name: entries
                      type: Source
                      config: {variant: redis, url: "%s", mode: stream, stream: readings, group: g, consumer: c1}
                    - name: slow
                      type: StreamProcessor
                      # 300 a second: a run takes seconds to get through a few windows, so the kills fall inside them
                      config: {variant: throttle, limit: 30, period: 100ms, mode: delay}
                    - name: counts
                      type: StreamProcessor
                      config:
                        variant: window
                        time: event
                        timestamp: .data.ts
                        key: .data.k
                        id: .id
                        duration: 10s
                        state: {redis: "%s", interval: 200ms}
                    - name: out
                      type: Sink
                      config: {variant: file, path: "%s", append: true}
                  bindings:
                    - {from: entries, to: slow, capacity: 500}
                    - {from: slow, to: counts, capacity: 500}
                    - {from: counts, to: out, capacity: 500}
                """.formatted(url, url, out));
    }
}
