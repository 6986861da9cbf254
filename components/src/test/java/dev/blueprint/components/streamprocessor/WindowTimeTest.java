package dev.blueprint.components.streamprocessor;

import static dev.blueprint.components.Runs.lines;
import static dev.blueprint.components.Runs.yamlPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.components.Runs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Windows on event time, checked against results computed by hand, through a real run (file in, files out). */
class WindowTimeTest {
    /** 2026-12-04T13:17:40Z, a multiple of 10 s. */
    private static final long T0 = 1796390260L;

    @TempDir
    Path dir;

    private String run(String config, List<String> records) throws Exception {
        Path in = Files.write(dir.resolve("in.jsonl"), records);
        String yaml = """
                system:
                  name: window_time_test
                  components:
                    - {name: in, type: Source, config: {variant: file, path: %s}}
                    - {name: proc, type: StreamProcessor, config: %s}
                    - {name: output, type: Sink, config: {variant: file, path: %s}}
                    - {name: late, type: Sink, config: {variant: file, path: %s}}
                  bindings:
                    - {from: in.output, to: proc.input}
                    - {from: proc.output, to: output.input}
                    - {from: proc.late, to: late.input}
                """.formatted(yamlPath(in), config, yamlPath(dir.resolve("output.jsonl")), yamlPath(dir.resolve("late.jsonl")));
        Files.deleteIfExists(dir.resolve("output.jsonl"));
        Files.deleteIfExists(dir.resolve("late.jsonl"));
        Runs.run(yaml);
        return summary(lines(dir.resolve("output.jsonl")));
    }

    /** Each window as "key start..end: count sum", offsets in seconds from T0, sorted. */
    private static String summary(List<JsonNode> windows) {
        List<String> out = new ArrayList<>();
        for (JsonNode w : windows) {
            long s = java.time.Instant.parse(w.get("start").asText()).getEpochSecond() - T0;
            long e = java.time.Instant.parse(w.get("end").asText()).getEpochSecond() - T0;
            out.add((w.has("key") ? w.get("key").asText() + " " : "") + s + ".." + e + ": " + w.get("count") + (w.has("sum") ? " " + w.get("sum")
                    : "") + (w.has("partial") ? " partial" : ""));
        }
        Collections.sort(out);
        return String.join("; ", out);
    }

    private static String at(double offsetSeconds, String key, double v) {
        return "{\"ts\":" + java.math.BigDecimal.valueOf(T0).add(java.math.BigDecimal.valueOf(offsetSeconds)).toPlainString() + ",\"k\":\"" + key + "\",\"v\":" + v + ",\"id\":\"" + key + offsetSeconds + "\"}";
    }

    private static final String EVENT = "variant: window, time: event, timestamp: .ts, key: .k, field: .v";

    @Test
    void outOfOrderRecordsWithinTheLatenessLandInTheirWindowAndLaterOnesGoToLate() throws Exception {
        // at 12 s the watermark is 7 s: the record at 3 s still lands in [0, 10); at 20 s it is 15 s: [0, 10) closes,
        // and the record at 4 s comes late
        String result = run("{" + EVENT + ", duration: 10s, allowed_lateness: 5s}",
                List.of(at(0, "a", 1), at(12, "a", 2), at(3, "a", 4), at(20, "a", 8), at(4, "a", 16)));

        assertThat(result).isEqualTo("a 0..10: 2 5; a 10..20: 1 2; a 20..30: 1 8");
        assertThat(lines(dir.resolve("late.jsonl"))).extracting(r -> r.get("v").asInt()).containsExactly(16);
    }

    @Test
    void alignedTumblingWindowsStartOnMultiplesOfTheSize() throws Exception {
        String result = run("{" + EVENT + ", duration: 10s}", List.of(at(5.064, "a", 1), at(6.378, "a", 1), at(17, "a", 1)));

        assertThat(result).isEqualTo("a 0..10: 2 2; a 10..20: 1 1");
    }

    @Test
    void alignStartBeginsTheFirstWindowAtTheFirstRecord() throws Exception {
        String result = run("{" + EVENT + ", duration: 10s, align: start}", List.of(at(5, "a", 1), at(14, "a", 1), at(15, "a", 1)));

        assertThat(result).isEqualTo("a 15..25: 1 1; a 5..15: 2 2");
    }

    @Test
    void slidingWindowsHoldEachRecordInSizeOverSlideWindows() throws Exception {
        // by hand: 1 s is in [-5, 5) and [0, 10); 6 s in [0, 10) and [5, 15); 12 s in [5, 15) and [10, 20)
        String result = run("{" + EVENT + ", duration: 10s, slide: 5s}", List.of(at(1, "a", 1), at(6, "a", 2), at(12, "a", 4)));

        assertThat(result).isEqualTo("a -5..5: 1 1; a 0..10: 2 3; a 10..20: 1 4; a 5..15: 2 6");
    }

    @Test
    void sessionWindowsCloseAfterAGapAndMergeWhenARecordBridgesTwo() throws Exception {
        // a: 0, 3, 7 make one session [0, 12); 20 starts another. b: [0, 5) and [8, 13) are bridged by 4 into [0, 13)
        String result = run("{" + EVENT + ", session_gap: 5s, allowed_lateness: 10s}", List.of(at(0, "a", 1), at(3, "a", 1),
                at(0, "b", 1), at(8, "b", 1), at(7, "a", 1), at(4, "b", 1), at(20, "a", 1)));

        assertThat(result).isEqualTo("a 0..12: 3 3; a 20..25: 1 1; b 0..13: 3 3");
    }

    @Test
    void eachWindowsResultIsTheSameWhateverTheArrivalOrderWithinTheLateness() throws Exception {
        List<String> records = new ArrayList<>();
        Random random = new Random(25);
        for (int i = 0; i < 60; i++) {
            records.add(at(i * 0.5, i % 3 == 0 ? "a" : "b", Math.round(random.nextDouble() * 1000) / 100.0));
        }
        String config = "{" + EVENT + ", duration: 10s, allowed_lateness: 40s, percentiles: [50, 90], round: 3}";
        String inOrder = run(config, records);
        List<JsonNode> expected = lines(dir.resolve("output.jsonl"));
        for (int seed = 0; seed < 3; seed++) {
            List<String> shuffled = new ArrayList<>(records);
            Collections.shuffle(shuffled, new Random(seed));
            assertThat(run(config, shuffled)).isEqualTo(inOrder);
            assertThat(lines(dir.resolve("output.jsonl"))).containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(inOrder).startsWith("a 0..10: 7");
    }

    @Test
    void figuresIncludeFirstLastPercentilesAndAreRounded() throws Exception {
        List<String> records = new ArrayList<>();
        for (int i = 100; i >= 1; i--) {
            records.add(at(i * 0.01, "a", i + 0.1234)); // time order is value order: first 1.1234, last 100.1234
        }
        run("{" + EVENT + ", duration: 10s, percentiles: [50, 99], round: 2, allowed_lateness: 2s}", records);

        JsonNode w = lines(dir.resolve("output.jsonl")).get(0);
        assertThat(w.get("count").asInt()).isEqualTo(100);
        assertThat(w.get("avg").asDouble()).isEqualTo(50.62);
        assertThat(w.get("sum").asDouble()).isEqualTo(5062.34);
        assertThat(w.get("first").asDouble()).isEqualTo(1.12);
        assertThat(w.get("last").asDouble()).isEqualTo(100.12);
        assertThat(w.get("p50").asDouble()).isBetween(49.5, 51.7);
        assertThat(w.get("p99").asDouble()).isBetween(98.5, 100.2);
    }

    @Test
    void aRecordWhoseIdWasCountedIsNotCountedAgain() throws Exception {
        String result = run("{" + EVENT + ", duration: 10s, id: .id}", List.of(at(1, "a", 1), at(2, "a", 2), at(1, "a", 1)));

        assertThat(result).isEqualTo("a 0..10: 2 3");
    }

    @Test
    void windowsTheWatermarkHasNotPassedAtTheEndArePartialOrDropped() throws Exception {
        // a century ahead: the end of the input moves the watermark to now, which does not reach them
        long future = 100L * 365 * 24 * 3600;
        String emitted = run("{" + EVENT + ", duration: 10s}", List.of(at(1, "a", 1), at(future, "a", 2)));
        assertThat(emitted).isEqualTo("a 0..10: 1 1; a " + future + ".." + (future + 10) + ": 1 2 partial");

        String dropped = run("{" + EVENT + ", duration: 10s, partial: drop}", List.of(at(1, "a", 1), at(future, "a", 2)));
        assertThat(dropped).isEqualTo("a 0..10: 1 1");
    }

    @Test
    void openWindowsKeptInAStateFileGoOnInTheNextRun() throws Exception {
        long future = 100L * 365 * 24 * 3600;
        String config = "{" + EVENT + ", duration: 10s, id: .id, state: {file: " + yamlPath(dir.resolve("state.json")) + "}}";
        assertThat(run(config, List.of(at(future + 1, "a", 1), at(future + 2, "a", 2)))).isEmpty();
        assertThat(dir.resolve("state.json")).exists();

        // the second run has the first's records again (a redelivery) and one more; the window counts three
        String second = run(config, List.of(at(future + 1, "a", 1), at(future + 2, "a", 2), at(future + 3, "a", 4), at(future + 30, "a", 0)));

        assertThat(second).isEqualTo("a " + future + ".." + (future + 10) + ": 3 7");
    }

    @Test
    void withIdleTimeoutAQuietStreamsLastWindowClosesOnTheClock() throws Exception {
        // one record now, the next in an hour: only the clock can close the first one's window
        String yaml = """
                system:
                  name: idle_test
                  components:
                    - {name: in, type: Source, config: {interval: 1h, count: 2, template: {v: 5}}}
                    - name: proc
                      type: StreamProcessor
                      config: {variant: window, time: event, timestamp: '$__meta.created', duration: 1s, field: .v, idle_timeout: 200ms}
                    - {name: output, type: Sink, config: {variant: file, path: %s}}
                  bindings:
                    - {from: in, to: proc}
                    - {from: proc, to: output}
                """.formatted(yamlPath(dir.resolve("output.jsonl")));
        dev.blueprint.runtime.exec.Pipeline p = dev.blueprint.testing.TestPipeline.start(yaml);
        try {
            org.awaitility.Awaitility.await("the window closed while the source waits").atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> Files.exists(dir.resolve("output.jsonl")) && !lines(dir.resolve("output.jsonl")).isEmpty());
            JsonNode w = lines(dir.resolve("output.jsonl")).get(0);
            assertThat(w.get("count").asInt()).isEqualTo(1);
            assertThat(w.has("partial")).isFalse();
        } finally {
            p.stop();
            p.awaitCompletion();
        }
    }
}
