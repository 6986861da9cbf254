package dev.blueprint.components.file;

import static dev.blueprint.components.Runs.lines;
import static dev.blueprint.components.Runs.yamlPath;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blueprint.components.Runs;
import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.runtime.exec.RunOutcome;
import dev.blueprint.runtime.validate.Problem;
import dev.blueprint.testing.TestPipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourceTest {
    @TempDir
    Path dir;

    private String blueprint(Path in, String extra) {
        return """
                system:
                  name: file_test
                  components:
                    - {name: in, type: Source, config: {variant: file, path: %s%s}}
                    - {name: output, type: Sink, config: {variant: file, path: %s}}
                    - {name: errors, type: Sink, config: {variant: file, path: %s}}
                  bindings:
                    - {from: in.output, to: output.input}
                    - {from: in.errors, to: errors.input}
                """.formatted(yamlPath(in), extra, yamlPath(dir.resolve("out.jsonl")), yamlPath(dir.resolve("errors.jsonl")));
    }

    @Test
    void fileSourceReadsJsonLinesAndSendsUnparsableLinesToErrors() throws Exception {
        Path in = Files.write(dir.resolve("in.jsonl"), List.of("{\"a\":1}", "not json", "", "[2]", "\"three\""));

        Runs.Finished run = Runs.run(blueprint(in, ""));

        assertThat(Runs.rawLines(dir.resolve("out.jsonl"))).containsExactly("{\"a\":1}", "[2]", "three");
        assertThat(lines(dir.resolve("errors.jsonl"))).singleElement().satisfies(e -> {
            assertThat(e.get("kind").asText()).isEqualTo("bad_json");
            assertThat(e.get("record").asText()).isEqualTo("not json");
        });
        assertThat(run.stats("in").recordsOut() - 1).as("records sent to output, not counting the error record").isEqualTo(3);
        assertThat(run.stats("in").errors()).isEqualTo(1);
    }

    @Test
    void fileSourceInLinesFormatMakesEachLineAString() throws Exception {
        Path in = Files.write(dir.resolve("in.log"), List.of("GET /a 200", "{\"not\":\"parsed\"}"));

        Runs.run(blueprint(in, ", format: lines"));

        assertThat(Runs.rawLines(dir.resolve("out.jsonl"))).containsExactly("GET /a 200", "{\"not\":\"parsed\"}");
    }

    @Test
    void missingFileIsAValidationErrorNamingThePath() {
        assertThat(TestPipeline.problems(blueprint(dir.resolve("absent.jsonl"), ""))).filteredOn(Problem::error).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("in.config.path: no such file: " + dir.resolve("absent.jsonl")));
    }

    @Test
    void unreadableFileFailsTheRunNamingThePath() throws Exception {
        // validation saw it; by the time the run starts it is gone
        Path in = Files.write(dir.resolve("soon-gone.jsonl"), List.of("{}"));
        String yaml = blueprint(in, "");
        var loaded = TestPipeline.load(yaml);
        Files.delete(in);
        Pipeline p = Pipeline.build(loaded);
        p.start();
        RunOutcome outcome = p.awaitCompletion();

        assertThat(outcome.failure()).contains("cannot read").contains("soon-gone.jsonl");
    }

    @Test
    void followingSourceSurvivesRotationAndTruncation() throws Exception {
        Path in = Files.write(dir.resolve("app.log"), List.of("{\"n\":1}", "{\"n\":2}"));
        Path out = dir.resolve("out.jsonl");
        Pipeline p = TestPipeline.start(blueprint(in, ", follow: true"));
        try {
            await().atMost(ofSeconds(5)).untilAsserted(() -> assertThat(lines(out)).hasSize(2));

            Files.writeString(in, "{\"n\":3}\n", StandardOpenOption.APPEND);
            await().atMost(ofSeconds(5)).untilAsserted(() -> assertThat(lines(out)).hasSize(3));

            Files.move(in, dir.resolve("app.log.1"));
            Files.writeString(in, "{\"n\":4}\n");
            await().atMost(ofSeconds(5)).untilAsserted(() -> assertThat(lines(out)).hasSize(4));

            Files.writeString(in, "[5]\n"); // truncates to fewer bytes than were read
            await().atMost(ofSeconds(5)).untilAsserted(() -> assertThat(lines(out)).hasSize(5));
        } finally {
            p.stop();
            assertThat(p.awaitCompletion().succeeded()).isTrue();
        }
        assertThat(lines(out)).extracting(Object::toString).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}", "[5]");
    }

    @Test
    void aKeyOfAnotherVariantIsAnErrorNamingBothVariants() throws Exception {
        List<Problem> problems = TestPipeline.problems(blueprint(Files.write(dir.resolve("x"), List.of()), ", rate: 5"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.error()).isTrue();
            assertThat(p.format()).contains("in.config: key 'rate' belongs to Source variant 'generator', not 'file'; "
                    + "'file' takes path, format, follow");
        });
    }

    @Test
    void fileVariantWithoutPathIsAValidationError() {
        List<Problem> problems = TestPipeline.problems(blueprint(dir.resolve("x"), "").replace("path: " + yamlPath(dir.resolve("x")), "format: lines"));

        assertThat(problems).filteredOn(p -> p.format().contains("in.config.path")).singleElement()
                .satisfies(p -> assertThat(p.format()).contains("is required for variant: file"));
    }
}
