package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every blueprint shipped under blueprints/ is valid; the finite ones are run by their own tests. */
class ExampleBlueprintsIT {

    static Stream<Path> shippedBlueprints() throws IOException {
        try (Stream<Path> files = Files.list(CliRunner.root().resolve("blueprints"))) {
            // x.test.yaml beside x.yaml holds x's unit tests (blueprint test), not a blueprint
            return files.filter(p -> p.toString().endsWith(".yaml") && !p.toString().endsWith(".test.yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("shippedBlueprints")
    void everyShippedBlueprintValidates(Path blueprint) {
        var result = CliRunner.run("validate", "--plugins", System.getProperty("blueprint.plugin.dir"), blueprint.toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains(blueprint + ": ok");
        CliRunner.assertThatLog(result).doesNotContain("error:");
    }

    @Test
    void helloPrintsFiveRecordsAsJsonLines() {
        var result = CliRunner.run("run", CliRunner.blueprint("hello.yaml").toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdoutLines()).containsExactly(
                "{\"greeting\":\"hello #1\",\"n\":1}",
                "{\"greeting\":\"hello #2\",\"n\":2}",
                "{\"greeting\":\"hello #3\",\"n\":3}",
                "{\"greeting\":\"hello #4\",\"n\":4}",
                "{\"greeting\":\"hello #5\",\"n\":5}");
        CliRunner.assertThatLog(result).contains("summary: stdout (Sink): in=5 out=0 dropped=0 errors=0");
    }
}
