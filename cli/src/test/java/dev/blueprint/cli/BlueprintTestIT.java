package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code blueprint test} through the jar: the shipped blueprints' tests (what CI runs), a failing test, a bad test file. */
class BlueprintTestIT {
    @TempDir
    Path dir;

    @Test
    void everyShippedBlueprintTestPasses() {
        var r = CliRunner.run("test", CliRunner.root().resolve("blueprints").toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("hello.test.yaml (hello.yaml)", "  ok    ").doesNotContain("FAIL").containsPattern("\\d+ passed, 0 failed");
    }

    @Test
    void shippedBlueprintsThatCanBeTestedHaveATestFile() throws IOException {
        // the ones left out need a plugin (plugin-uppercase) or are pure servers and relays with nothing in between
        List<String> untestable = List.of("bench-relay", "bench-relay-channel", "bench-relay-history", "bench-relay-history-envelope",
                "bench-recovery", "cluster-broadcast", "multi-feed-dashboard", "plugin-uppercase", "processed_realtime", "realtime_dashboard",
                "websocket-relay", "wsproxy");
        try (var files = Files.list(CliRunner.root().resolve("blueprints"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".yaml") && !f.toString().endsWith(".test.yaml")).toList()) {
                String name = p.getFileName().toString().replace(".yaml", "");
                if (!untestable.contains(name)) {
                    assertThat(p.resolveSibling(name + ".test.yaml")).as(name).exists();
                }
            }
        }
    }

    private Path blueprint() throws IOException {
        Files.copy(CliRunner.blueprint("hello.yaml"), dir.resolve("hello.yaml"));
        return dir.resolve("hello.yaml");
    }

    @Test
    void aFailingExpectationShowsTheRecordAndADiffAndExitsOne() throws IOException {
        blueprint();
        Path tests = CliRunner.write(dir, "hello.test.yaml", """
                tests:
                  - name: the filter keeps n of at least 1
                    component: keep_all
                    inputs:
                      input: [{greeting: a, n: 1}, {greeting: b, n: 0}]
                    expect:
                      output: [{greeting: a, n: 2}]
                      rejected: {count: 1, each: '.n > 5'}
                """);
        var r = CliRunner.run("test", dir.resolve("hello.yaml").toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stdout()).contains("  FAIL  the filter keeps n of at least 1 (" + tests + ":2:5)")
                .contains(tests + ":7:7: output: record 1 differs\n"
                        + "      - expected {\"greeting\":\"a\",\"n\":2}\n"
                        + "      + received {\"greeting\":\"a\",\"n\":1}\n"
                        + "        at /n: expected 2, received 1")
                .contains(tests + ":8:34: rejected: record 1 does not meet '.n > 5' (is false)\n      + received {\"greeting\":\"b\",\"n\":0}")
                .contains("0 passed, 1 failed");
    }

    @Test
    void aBadTestFileIsReportedAtItsLineAndColumnWithExitTwo() throws IOException {
        blueprint();
        Path tests = CliRunner.write(dir, "hello.test.yaml", """
                tests:
                  - name: typo
                    component: keep_all
                    inptus: {}
                    expect:
                      output: 3
                """);
        var r = CliRunner.run("test", tests.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        CliRunner.assertThatLog(r).contains(tests + ":4:5: error: unknown key 'inptus' in a test — did you mean 'inputs'?")
                .contains(tests + ":6:15: error: an expectation is a list of records");
    }

    @Test
    void anUnknownComponentOrStreamIsABadTestFile() throws IOException {
        blueprint();
        Path tests = CliRunner.write(dir, "hello.test.yaml", """
                tests:
                  - name: wrong names
                    component: keep_al
                    expect:
                      output: []
                """);
        var r = CliRunner.run("test", tests.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        CliRunner.assertThatLog(r).contains(tests + ":2:5: error: test 'wrong names': the blueprint has no component 'keep_al' — did you mean 'keep_all'?");
    }

    @Test
    void aBlueprintMayKeepItsTestsInItselfUnderTests() {
        Path file = CliRunner.write(dir, "own.yaml", """
                system:
                  name: own
                  components:
                    - {name: src, type: Source, config: {count: 1}}
                    - {name: double, type: Transformer, config: {expression: '{n: (.n * 2)}'}}
                    - {name: out, type: Sink}
                  bindings:
                    - {from: src.output, to: double.input}
                    - {from: double.output, to: out.input}
                tests:
                  - name: doubles n
                    component: double
                    inputs:
                      input: [{n: 2}]
                    expect:
                      output: [{n: 4}]
                """);
        var r = CliRunner.run("test", file.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("  ok    doubles n", "1 passed, 0 failed");
        var valid = CliRunner.run("validate", file.toString());
        assertThat(valid.exitCode()).as(valid.toString()).isZero();
        var inDirectory = CliRunner.run("test", dir.toString());
        assertThat(inDirectory.stdout()).as(inDirectory.toString()).contains("own.yaml (own.yaml)");
    }

    @Test
    void sourcesAndSinksAreReplacedSoTheWholePipelineRunsOnTheTestsRecords() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/lines.jsonl"), "{\"level\":\"ERROR\",\"msg\":\"x\"}\n{\"level\":\"INFO\",\"msg\":\"y\"}\n");
        CliRunner.write(dir, "p.yaml", """
                system:
                  name: p
                  components:
                    - {name: in, type: Source, config: {variant: file, path: data/lines.jsonl}}
                    - {name: errors_only, type: Filter, config: {condition: '.level == "ERROR"'}}
                    - {name: out, type: Sink, config: {variant: file, path: out/never-written.jsonl}}
                  bindings:
                    - {from: in.output, to: errors_only.input}
                    - {from: errors_only.output, to: out.input}
                """);
        CliRunner.write(dir, "p.test.yaml", """
                tests:
                  - name: only errors reach the sink
                    inputs:
                      in: {file: data/lines.jsonl}
                    expect:
                      out: [{level: ERROR, msg: x}]
                """);
        var r = CliRunner.run("test", dir.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(dir.resolve("out/never-written.jsonl")).doesNotExist();
    }

    @Test
    void expectedRecordsNameTheFieldsThatMatterUnlessMatchIsExactAndIgnoredPointersAreLeftOut() throws IOException {
        CliRunner.write(dir, "stamp.yaml", """
                system:
                  name: stamp
                  components:
                    - {name: in, type: Source, config: {count: 1}}
                    - {name: stamp, type: Transformer, config: {expression: '. + {at: ($__meta.created | todate), from: $__meta.origin}'}}
                    - {name: out, type: Sink}
                  bindings:
                    - {from: in, to: stamp}
                    - {from: stamp, to: out}
                """);
        Path tests = CliRunner.write(dir, "stamp.test.yaml", """
                tests:
                  - name: a subset passes, exact does not, exact with the stamp ignored does
                    component: stamp
                    time: {start: "2026-12-04T13:19:20Z"}
                    inputs:
                      input: [{n: 1, tags: {a: 1, b: 2}}]
                    expect:
                      output: [{n: 1, tags: {a: 1}, at: "2026-12-04T13:19:20Z"}]
                      stamp.output: {records: [{n: 1, tags: {a: 1, b: 2}}], match: exact, each: '.from | startswith("test-input")'}
                      stamp.errors: {count: 0, each: 'false'}
                  - name: exact with ignore
                    component: stamp
                    inputs:
                      input: [{n: 1}]
                    expect:
                      output: {records: [{n: 1}], match: exact, ignore: [/at, /from]}
                """);
        var r = CliRunner.run("test", dir.resolve("stamp.yaml").toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stdout()).as(r.toString()).contains("  ok    exact with ignore")
                .contains(tests + ":9:7: stamp.output: record 1 differs")
                .contains("at /at: not expected, received \"2026-12-04T13:19:20Z\"")
                .doesNotContain(tests + ":8:7")
                .contains("1 passed, 1 failed");
    }

    @Test
    void aTimeSectionClosesEventTimeWindowsWhereTheTestSays() throws IOException {
        CliRunner.write(dir, "w.yaml", """
                system:
                  name: w
                  components:
                    - {name: in, type: Source, config: {count: 1}}
                    - name: counts
                      type: StreamProcessor
                      config: {variant: window, time: event, timestamp: '$__meta.created', duration: 10s, allowed_lateness: 10s, field: .v}
                    - {name: out, type: Sink}
                  bindings:
                    - {from: in, to: counts}
                    - {from: counts, to: out}
                """);
        CliRunner.write(dir, "w.test.yaml", """
                tests:
                  - name: the watermark at 13:00:20 closes two windows whole and leaves the third partial
                    time: {start: "2026-12-04T13:00:05Z", step: 4s, watermark: "2026-12-04T13:00:20Z"}
                    inputs:
                      in: [{v: 1}, {v: 2}, {v: 3}, {v: 4}, {v: 5}]
                    expect:
                      out:
                        - {count: 2, sum: 3, start: "2026-12-04T13:00:00Z", end: "2026-12-04T13:00:10Z"}
                        - {count: 2, sum: 7, start: "2026-12-04T13:00:10Z"}
                        - {count: 1, sum: 5, start: "2026-12-04T13:00:20Z", partial: true}
                """);
        var r = CliRunner.run("test", dir.resolve("w.yaml").toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }
}
