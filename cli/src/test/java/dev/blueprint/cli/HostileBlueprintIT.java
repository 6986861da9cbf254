package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blueprints written to break the loader, through the real jar: each is refused with its file, line and
 * column and exit code 2, never a stack trace, exit 1 or minutes of parsing.
 */
class HostileBlueprintIT {
    /** Line 3 holds the grace period, line 7 the source config, line 11 the condition, line 14 the sink config. */
    private static final String TEMPLATE = """
            system:
              name: hostile
              shutdown_grace_period: GRACE
              components:
                - name: src
                  type: Source
                  config: {count: 1, rate: 0, interval: 1s}
                - name: f
                  type: Filter
                  config:
                    condition: 'CONDITION'
                - name: out
                  type: Sink
                  config: {variant: file, path: out.jsonl}
              bindings:
                - {from: src, to: f.input}
                - {from: f.output, to: out.input}
            """;

    @TempDir
    Path dir;

    private static String blueprint(String grace, String condition) {
        return TEMPLATE.replace("GRACE", grace).replace("CONDITION", condition);
    }

    private static String valid() {
        return blueprint("5s", ".a");
    }

    private Path write(String name, String yaml) {
        return CliRunner.write(dir, name, yaml);
    }

    @Test
    void eachHostileValueIsAPositionedErrorWithExitTwo() throws IOException {
        Map<Path, String> expected = new java.util.LinkedHashMap<>();
        expected.put(write("deep-jq.yaml", blueprint("5s", "(".repeat(1000) + ".a" + ")".repeat(1000))),
                ":11:20: error: f.config.condition: is not a valid jq expression: brackets nest 1000 levels deep; at most 64 are accepted");
        expected.put(write("long-jq.yaml", blueprint("5s", ".a" + " | not".repeat(5000))),
                ":11:20: error: f.config.condition: is not a valid jq expression: the expression is 30002 characters long; at most 16384 are accepted");
        expected.put(write("grace.yaml", blueprint("99999999999999999h", ".a")),
                ":3:26: error: system.shutdown_grace_period: '99999999999999999h' is longer than the longest duration, 106751d (about 292 years)");
        expected.put(write("grace-seconds.yaml", blueprint("99999999999999999999999", ".a")),
                ":3:26: error: system.shutdown_grace_period: 99999999999999990000000 seconds is longer than the longest duration");
        expected.put(write("interval.yaml", valid().replace("interval: 1s", "interval: 9999999999999999999999ms")),
                ":7:45: error: src.config.interval must be a duration such as 30 (seconds), 250ms, 2s or 5m, was '9999999999999999999999ms' "
                        + "('9999999999999999999999ms' is longer than the longest duration");
        expected.put(write("count.yaml", valid().replace("count: 1,", "count: 99999999999999999999999,")),
                ":7:23: error: src.config.count must be an integer from -9223372036854775808 to 9223372036854775807, was 99999999999999999999999");
        expected.put(write("size.yaml", valid().replace("path: out.jsonl}", "path: out.jsonl, rotate_bytes: 99999999999999999GiB}")),
                ":14:62: error: out.config.rotate_bytes must be a size such as 1048576, 64KiB or 1MiB, was '99999999999999999GiB' "
                        + "('99999999999999999GiB' is larger than the largest size");
        expected.put(write("control.yaml", valid().replace("name: hostile", "name: host\u0007ile")),
                ":2:13: error: control character U+0007 is not allowed in a blueprint; write it as \\u0007 inside a double-quoted string");
        expected.put(write("long-line.yaml", valid().replace("name: hostile", "name: " + "x".repeat(70_000))),
                ":2:65537: error: line is longer than 65536 characters (64 KiB)");
        expected.put(write("long-value.yaml", valid().replace("name: hostile", "name: hostile\n  description: |\n"
                        + ("    " + "y".repeat(1000) + "\n").repeat(300))),
                ":3:16: error: this value is 300300 characters long; a value may have at most 262144 (256 KiB)");
        // found by the fuzz test: SnakeYAML threw NumberFormatException for this
        expected.put(write("escape.yaml", "system:\n  name: \"x\\u"),
                ":2:11: error: YAML syntax error: an escape in a double-quoted string (\\xXX, \\uXXXX or \\UXXXXXXXX) is cut short");
        // "ü" in Latin-1 (one byte, 0xFC) after two UTF-8 "é" of two bytes each: the column counts characters
        Path latin1 = dir.resolve("latin1.yaml");
        String[] around = valid().split("hostile", 2);
        Files.write(latin1, concat(concat((around[0] + "éé").getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xFC}),
                around[1].getBytes(StandardCharsets.UTF_8)));
        expected.put(latin1, ":2:11: error: the file is not valid UTF-8: byte 0xFC at byte offset 20 cannot start or continue a character; "
                + "save the file as UTF-8");

        List<String> files = expected.keySet().stream().map(Path::toString).toList();
        var result = CliRunner.run(Duration.ofSeconds(60), Map.of(), concat(new String[] {"validate"}, files.toArray(String[]::new)));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        CliRunner.assertThatLog(result).doesNotContain("Exception", "\tat ");
        List<String> lines = result.stderr().lines().toList();
        expected.forEach((file, message) -> assertThat(lines).as(file.getFileName().toString())
                .anySatisfy(l -> assertThat(l).startsWith(file + message)));
        assertThat(lines).hasSize(expected.size());
    }

    @Test
    void runRefusesWhatOnceCrashedTheLoaderWithExitTwo() {
        // these two used to end in "error: Overflow" and a StackOverflowError, both with exit 1
        for (String yaml : List.of(blueprint("99999999999999999h", ".a"), blueprint("5s", "[".repeat(3000) + ".a" + "]".repeat(3000)))) {
            var result = CliRunner.run(Duration.ofSeconds(60), Map.of(), "run", write("run.yaml", yaml).toString());
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            CliRunner.assertThatLog(result).containsPattern("run\\.yaml:\\d+:\\d+: error: ").doesNotContain("Exception", "Overflow\n");
        }
    }

    @Test
    void aFiveMegabyteScalarIsRefusedWithoutReadingItOnATinyHeap() throws IOException {
        Path big = write("big.yaml", valid().replace("name: hostile", "name: hostile\n  description: " + "z".repeat(5_000_000)));
        long started = System.nanoTime();
        try (var running = CliRunner.start(List.of("-Xmx24m"), Map.of(), "validate", big.toString())) {
            var result = running.await(Duration.ofSeconds(60));
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            CliRunner.assertThatLog(result).isEqualTo(big + ": error: the file is " + Files.size(big)
                    + " bytes; a blueprint may have at most 1048576 (1 MiB)\n");
        }
        // the JVM's start dominates; parsing 5 MB took seconds before the size was checked first
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
