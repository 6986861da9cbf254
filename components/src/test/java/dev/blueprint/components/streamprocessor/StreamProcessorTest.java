package dev.blueprint.components.streamprocessor;

import static dev.blueprint.components.Runs.lines;
import static dev.blueprint.components.Runs.yamlPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.components.Runs;
import dev.blueprint.runtime.validate.Problem;
import dev.blueprint.testing.TestPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamProcessorTest {
    @TempDir
    Path dir;

    private String input(String name, String... jsonLines) throws IOException {
        return yamlPath(Files.write(dir.resolve(name + ".jsonl"), List.of(jsonLines)));
    }

    private String out(String name) {
        return yamlPath(dir.resolve(name + ".jsonl"));
    }

    private List<JsonNode> read(String name) {
        return lines(dir.resolve(name + ".jsonl"));
    }

    /** One file source into the processor, its output (and the given extra outputs) into files. */
    private String single(String config, String inputFile, String... extraOutputs) {
        StringBuilder sinks = new StringBuilder();
        StringBuilder bindings = new StringBuilder();
        for (String o : extraOutputs) {
            sinks.append("    - {name: ").append(o).append(", type: Sink, config: {variant: file, path: ").append(out(o)).append("}}\n");
            bindings.append("    - {from: proc.").append(o).append(", to: ").append(o).append(".input}\n");
        }
        return """
                system:
                  name: processor_test
                  components:
                    - {name: in, type: Source, config: {variant: file, path: %s}}
                    - {name: proc, type: StreamProcessor, config: %s}
                    - {name: output, type: Sink, config: {variant: file, path: %s}}
                %s  bindings:
                    - {from: in.output, to: proc.input}
                    - {from: proc.output, to: output.input}
                %s""".formatted(inputFile, config, out("output"), sinks, bindings);
    }

    @Test
    void joiningWithoutKeyMergesBothSidesTaggingEachRecord() throws Exception {
        String yaml = """
                system:
                  name: join_test
                  components:
                    - {name: users, type: Source, config: {variant: file, path: %s}}
                    - {name: alerts, type: Source, config: {variant: file, path: %s}}
                    - {name: merger, type: StreamProcessor, config: {variant: joining}}
                    - {name: output, type: Sink, config: {variant: file, path: %s}}
                  bindings:
                    - {from_component: users, to_component: merger, stream_name: left}
                    - {from_component: alerts, to_component: merger, stream_name: right}
                    - {from_component: merger, to_component: output, stream_name: input}
                """.formatted(input("users", "{\"u\":1}", "{\"u\":2}", "{\"u\":3}"), input("alerts", "{\"a\":1}", "{\"a\":2}"), out("output"));

        Runs.Finished run = Runs.run(yaml);

        List<JsonNode> out = read("output");
        assertThat(out).filteredOn(n -> n.get("side").asText().equals("left")).extracting(n -> n.get("record").toString())
                .containsExactly("{\"u\":1}", "{\"u\":2}", "{\"u\":3}");
        assertThat(out).filteredOn(n -> n.get("side").asText().equals("right")).extracting(n -> n.get("record").toString())
                .containsExactly("{\"a\":1}", "{\"a\":2}");
        assertThat(run.stats("merger").recordsIn()).isEqualTo(5);
        assertThat(run.stats("merger").recordsOut()).isEqualTo(5);
    }

    @Test
    void seedLiveUpdatesJoiningRunsWithBareSourcesAndNoOtherConfig() throws Exception {
        // blueprints/live_updates.yaml as written in the seed, its WebSocket swapped for a file sink
        String yaml = Files.readString(Path.of("../blueprints/live_updates.yaml"))
                .replace("type: \"WebSocket\"", "type: \"Sink\"")
                .replaceAll("(?s)port: 3000\n.*max_connections: 500", "variant: file\n        path: " + out("output"));
        assertThat(TestPipeline.problems(yaml)).isEmpty();

        var p = TestPipeline.start(yaml);
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(read("output")).extracting(n -> n.get("side").asText()).contains("left", "right"));
        } finally {
            p.stop();
            assertThat(p.awaitCompletion().succeeded()).isTrue();
        }
        assertThat(read("output")).allSatisfy(n -> assertThat(n.get("record").fieldNames()).toIterable()
                .containsExactly("seq", "timestamp", "value"));
    }

    @Test
    void joiningByKeyPairsMatchesAndSendsTheRestToUnmatched() throws Exception {
        String yaml = """
                system:
                  name: join_test
                  components:
                    - {name: orders, type: Source, config: {variant: file, path: %s}}
                    - {name: payments, type: Source, config: {variant: file, path: %s}}
                    - {name: join, type: StreamProcessor, config: {variant: joining, key: .id, window: 1m}}
                    - {name: output, type: Sink, config: {variant: file, path: %s}}
                    - {name: unmatched, type: Sink, config: {variant: file, path: %s}}
                  bindings:
                    - {from: orders.output, to: join.left}
                    - {from: payments.output, to: join.right}
                    - {from: join.output, to: output.input}
                    - {from: join.unmatched, to: unmatched.input}
                """.formatted(input("orders", "{\"id\":1}", "{\"id\":2}", "{\"id\":3}", "{\"id\":4}"),
                input("payments", "{\"id\":3,\"paid\":30}", "{\"id\":4,\"paid\":40}", "{\"id\":5,\"paid\":50}"), out("output"), out("unmatched"));

        Runs.Finished run = Runs.run(yaml);

        assertThat(read("output")).extracting(JsonNode::toString).containsExactlyInAnyOrder(
                "{\"key\":3,\"left\":{\"id\":3},\"right\":{\"id\":3,\"paid\":30}}",
                "{\"key\":4,\"left\":{\"id\":4},\"right\":{\"id\":4,\"paid\":40}}");
        assertThat(read("unmatched")).extracting(JsonNode::toString).containsExactlyInAnyOrder(
                "{\"side\":\"left\",\"record\":{\"id\":1}}", "{\"side\":\"left\",\"record\":{\"id\":2}}",
                "{\"side\":\"right\",\"record\":{\"id\":5,\"paid\":50}}");
        assertThat(run.stats("join").recordsIn()).isEqualTo(7);
    }

    @Test
    void joiningByKeyDoesNotPairRecordsFurtherApartThanWindow() throws Exception {
        // left {id:1} and right #1 arrive at about 0 ms, right #2 at about 600 ms, when left has expired
        String yaml = """
                system:
                  name: join_test
                  components:
                    - {name: l, type: Source, config: {count: 1, template: {id: 1}}}
                    - {name: r, type: Source, config: {interval: 600ms, count: 2, template: {id: 1, n: "{{seq}}"}}}
                    - {name: join, type: StreamProcessor, config: {variant: joining, key: .id, window: 250ms}}
                    - {name: output, type: Sink, config: {variant: file, path: %s}}
                    - {name: unmatched, type: Sink, config: {variant: file, path: %s}}
                  bindings:
                    - {from: l.output, to: join.left}
                    - {from: r.output, to: join.right}
                    - {from: join.output, to: output.input}
                    - {from: join.unmatched, to: unmatched.input}
                """.formatted(out("output"), out("unmatched"));

        Runs.run(yaml);

        assertThat(read("output")).extracting(JsonNode::toString).containsExactly("{\"key\":1,\"left\":{\"id\":1},\"right\":{\"id\":1,\"n\":1}}");
        assertThat(read("unmatched")).extracting(JsonNode::toString).containsExactly("{\"side\":\"right\",\"record\":{\"id\":1,\"n\":2}}");
    }

    @Test
    void mergeTakesAnyNumberOfInputs() throws Exception {
        String yaml = """
                system:
                  name: merge_test
                  components:
                    - {name: a, type: Source, config: {rate: 0, count: 3, template: {from: a}}}
                    - {name: b, type: Source, config: {rate: 0, count: 4, template: {from: b}}}
                    - {name: c, type: Source, config: {rate: 0, count: 5, template: {from: c}}}
                    - {name: merge, type: StreamProcessor}
                    - {name: output, type: Sink, config: {variant: file, path: %s}}
                  bindings:
                    - {from: a.output, to: merge.first}
                    - {from: b.output, to: merge.second}
                    - {from: c.output, to: merge.third}
                    - {from: merge.output, to: output.input}
                """.formatted(out("output"));

        Runs.run(yaml);

        assertThat(read("output")).extracting(n -> n.get("from").asText()).hasSize(12)
                .containsOnly("a", "b", "c").filteredOn("c"::equals).hasSize(5);
    }

    @Test
    void windowBySizeAggregatesAFieldPerKey() throws Exception {
        String yaml = single("{variant: window, size: 2, key: .host, field: .ms}", input("in",
                "{\"host\":\"a\",\"ms\":10}", "{\"host\":\"b\",\"ms\":1}", "{\"host\":\"a\",\"ms\":30}",
                "{\"host\":\"b\",\"ms\":2.5}", "{\"host\":\"a\",\"ms\":7}"));

        Runs.run(yaml);

        assertThat(read("output")).extracting(n -> withoutTimes(n).toString()).containsExactly(
                "{\"key\":\"a\",\"count\":2,\"sum\":40,\"avg\":20,\"min\":10,\"max\":30,\"first\":10,\"last\":30}",
                "{\"key\":\"b\",\"count\":2,\"sum\":3.5,\"avg\":1.75,\"min\":1,\"max\":2.5,\"first\":1,\"last\":2.5}",
                "{\"key\":\"a\",\"count\":1,\"sum\":7,\"avg\":7,\"min\":7,\"max\":7,\"first\":7,\"last\":7,\"partial\":true}");
    }

    @Test
    void windowSendsRecordsWithoutANumberToErrors() throws Exception {
        String yaml = single("{variant: window, size: 10, field: .ms}", input("in",
                "{\"ms\":1}", "{\"ms\":\"slow\"}", "{}", "{\"ms\":3}"), "errors");

        Runs.Finished run = Runs.run(yaml);

        assertThat(read("output")).extracting(n -> withoutTimes(n).toString())
                .containsExactly("{\"count\":2,\"sum\":4,\"avg\":2,\"min\":1,\"max\":3,\"first\":1,\"last\":3,\"partial\":true}");
        assertThat(read("errors")).extracting(e -> e.get("kind").asText()).containsExactly("not_a_number", "not_a_number");
        assertThat(run.stats("proc").errors()).isEqualTo(2);
    }

    @Test
    void windowByDurationClosesWindowsOnATimerAndCountsEveryRecord() throws Exception {
        String yaml = """
                system:
                  name: window_test
                  components:
                    - {name: gen, type: Source, config: {rate: 100, count: 40, template: {v: 1}}}
                    - {name: proc, type: StreamProcessor, config: {variant: window, duration: 100ms, field: .v}}
                    - {name: output, type: Sink, config: {variant: file, path: %s}}
                  bindings:
                    - {from: gen.output, to: proc.input}
                    - {from: proc.output, to: output.input}
                """.formatted(out("output"));

        Runs.run(yaml);

        List<JsonNode> windows = read("output");
        assertThat(windows.size()).isGreaterThanOrEqualTo(3);
        assertThat(windows.stream().mapToLong(w -> w.get("count").asLong()).sum()).isEqualTo(40);
        assertThat(windows.stream().mapToLong(w -> w.get("sum").asLong()).sum()).isEqualTo(40);
    }

    @Test
    void dedupeDropsRepeatedKeysToDuplicates() throws Exception {
        String yaml = single("{variant: dedupe, key: .id}", input("in",
                "{\"id\":1,\"n\":1}", "{\"id\":2,\"n\":2}", "{\"id\":1,\"n\":3}", "{\"id\":3,\"n\":4}", "{\"id\":2,\"n\":5}"), "duplicates");

        Runs.run(yaml);

        assertThat(read("output")).extracting(n -> n.get("n").asInt()).containsExactly(1, 2, 4);
        assertThat(read("duplicates")).extracting(n -> n.get("n").asInt()).containsExactly(3, 5);
    }

    @Test
    void dedupeForgetsTheOldestKeysBeyondSize() throws Exception {
        String yaml = single("{variant: dedupe, key: .id, size: 2}", input("in",
                "{\"id\":1}", "{\"id\":2}", "{\"id\":3}", "{\"id\":1}", "{\"id\":3}"), "duplicates");

        Runs.run(yaml);

        assertThat(read("output")).extracting(n -> n.get("id").asInt()).containsExactly(1, 2, 3, 1);
        assertThat(read("duplicates")).extracting(n -> n.get("id").asInt()).containsExactly(3);
    }

    @Test
    void dedupeForgetsKeysOlderThanWindow() throws Exception {
        // records at about 0, 300, 600 and 900 ms, all with the same key; a key is remembered 450 ms
        String yaml = """
                system:
                  name: dedupe_test
                  components:
                    - {name: gen, type: Source, config: {interval: 300ms, count: 4, template: {id: 1, n: "{{seq}}"}}}
                    - {name: proc, type: StreamProcessor, config: {variant: dedupe, key: .id, window: 450ms}}
                    - {name: output, type: Sink, config: {variant: file, path: %s}}
                    - {name: duplicates, type: Sink, config: {variant: file, path: %s}}
                  bindings:
                    - {from: gen.output, to: proc.input}
                    - {from: proc.output, to: output.input}
                    - {from: proc.duplicates, to: duplicates.input}
                """.formatted(out("output"), out("duplicates"));

        Runs.run(yaml);

        assertThat(read("output")).extracting(n -> n.get("n").asInt()).containsExactly(1, 3);
        assertThat(read("duplicates")).extracting(n -> n.get("n").asInt()).containsExactly(2, 4);
    }

    @Test
    void throttleInDropModeSendsTheExcessToThrottled() throws Exception {
        String yaml = single("{variant: throttle, limit: 3, period: 1h}", input("in", numbers(10)), "throttled");

        Runs.run(yaml);

        assertThat(read("output")).extracting(n -> n.get("n").asInt()).containsExactly(1, 2, 3);
        assertThat(read("throttled")).extracting(n -> n.get("n").asInt()).containsExactly(4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void throttleInDelayModeHoldsRecordsUntilTheNextPeriod() throws Exception {
        String yaml = single("{variant: throttle, limit: 4, period: 200ms, mode: delay}", input("in", numbers(12)));

        long t0 = System.nanoTime();
        Runs.run(yaml);
        long millis = (System.nanoTime() - t0) / 1_000_000;

        assertThat(read("output")).extracting(n -> n.get("n").asInt()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(millis).isGreaterThanOrEqualTo(400);
    }

    @Test
    void batchGroupsRecordsIntoArraysOfSize() throws Exception {
        String yaml = single("{variant: batch, size: 3}", input("in", numbers(7)));

        Runs.run(yaml);

        assertThat(read("output")).extracting(JsonNode::toString).containsExactly(
                "[{\"n\":1},{\"n\":2},{\"n\":3}]", "[{\"n\":4},{\"n\":5},{\"n\":6}]", "[{\"n\":7}]");
    }

    @Test
    void batchSendsAPartialBatchAfterDuration() throws Exception {
        String yaml = """
                system:
                  name: batch_test
                  components:
                    - {name: gen, type: Source, config: {interval: 150ms, count: 3, template: {n: "{{seq}}"}}}
                    - {name: proc, type: StreamProcessor, config: {variant: batch, size: 100, duration: 50ms}}
                    - {name: output, type: Sink, config: {variant: file, path: %s}}
                  bindings:
                    - {from: gen.output, to: proc.input}
                    - {from: proc.output, to: output.input}
                """.formatted(out("output"));

        Runs.run(yaml);

        assertThat(read("output")).extracting(JsonNode::toString).containsExactly("[{\"n\":1}]", "[{\"n\":2}]", "[{\"n\":3}]");
    }

    @Test
    void aKeyOfAnotherVariantIsAnError() {
        List<Problem> problems = TestPipeline.problems("""
                system:
                  name: warn_test
                  components:
                    - {name: gen, type: Source}
                    - {name: proc, type: StreamProcessor, config: {variant: batch, mode: delay}}
                    - {name: output, type: Sink}
                  bindings:
                    - {from: gen.output, to: proc.input}
                    - {from: proc.output, to: output.input}
                """);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.error()).isTrue();
            assertThat(p.format()).contains("proc.config: key 'mode' belongs to StreamProcessor variant 'throttle', not 'batch'");
        });
    }

    @Test
    void invalidKeyExpressionIsAValidationError() throws Exception {
        List<Problem> problems = TestPipeline.problems(single("{variant: dedupe, key: '.id |'}", input("in", "{\"id\":1}")));

        assertThat(problems).filteredOn(Problem::error).singleElement()
                .satisfies(p -> assertThat(p.format()).contains("proc.config.key").contains("is not a valid jq expression"));
    }

    private static String[] numbers(int n) {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            lines.add("{\"n\":" + i + "}");
        }
        return lines.toArray(String[]::new);
    }

    private static JsonNode withoutTimes(JsonNode window) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = window.deepCopy();
        copy.remove("start");
        copy.remove("end");
        return copy;
    }
}
