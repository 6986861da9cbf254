package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code blueprint validate} through the real jar. */
class ValidateCommandIT {
    static final String VALID = """
            system:
              name: fin
              components:
                - name: src
                  type: Source
                  config: { count: 3, rate: 0, template: { n: "{{seq}}" } }
                - name: out
                  type: Sink
              bindings:
                - from: src
                  to: out
            """;

    @TempDir
    Path dir;

    @Test
    void validBlueprintPrintsOkAndExitsZero() {
        Path file = CliRunner.write(dir, "fin.yaml", VALID);
        var result = CliRunner.run("validate", file.toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdoutLines()).containsExactly(file + ": ok (2 components, 1 bindings)");
        CliRunner.assertThatLog(result).isEmpty();
    }

    @Test
    void everyProblemOfEveryFileIsPrintedAndTheExitCodeIsTwo() {
        Path good = CliRunner.write(dir, "good.yaml", VALID);
        Path bad = CliRunner.write(dir, "bad.yaml", VALID.replace("count: 3", "count: abc").replace("type: Sink", "type: Snk"));
        var result = CliRunner.run("validate", bad.toString(), good.toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        List<String> lines = result.stderr().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo(bad + ":6:24: error: src.config.count must be an integer, was 'abc'");
        // the list of known types grows with the component library
        assertThat(lines.get(1)).startsWith(bad + ":8:13: error: unknown component type 'Snk' — did you mean 'Sink'? Known types: ")
                .contains("Filter, ", "Sink, ", "Source, ", "Transformer").endsWith(" (types from plugin jars need --plugins DIR)");
        assertThat(result.stdoutLines()).containsExactly(good + ": ok (2 components, 1 bindings)");
    }

    @Test
    void missingFileIsReported() {
        var result = CliRunner.run("validate", dir.resolve("nope.yaml").toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        CliRunner.assertThatLog(result).startsWith(dir.resolve("nope.yaml") + ": error: cannot read the file: ");
    }

    @Test
    void setAndEnvironmentVariablesApplyToValidation() {
        // unquoted in block style, so that ${COUNT} becomes a number ('{' would end a plain scalar in a flow mapping)
        Path file = CliRunner.write(dir, "env.yaml", VALID.replace("config: { count: 3, rate: 0, template: { n: \"{{seq}}\" } }",
                "config:\n        count: ${COUNT}"));
        var unset = CliRunner.run("validate", file.toString());
        assertThat(unset.exitCode()).as(unset.toString()).isEqualTo(2);
        CliRunner.assertThatLogLines(unset).containsExactly(
                file + ":7:16: error: environment variable COUNT is not set; set it or write ${COUNT:-default}");
        var set = CliRunner.run(java.time.Duration.ofSeconds(60), CliRunner.env("COUNT", "-1"), "validate", file.toString());
        assertThat(set.exitCode()).as(set.toString()).isEqualTo(2);
        CliRunner.assertThatLogLines(set).containsExactly(file + ":7:16: error: src.config.count must not be negative, was -1");
        var overridden = CliRunner.run(java.time.Duration.ofSeconds(60), CliRunner.env("COUNT", "-1"), "validate", "--set", "src.count=5", file.toString());
        assertThat(overridden.exitCode()).as(overridden.toString()).isZero();
    }
}
