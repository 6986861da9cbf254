package dev.blueprint.components.transformer;

import static dev.blueprint.components.Runs.lines;
import static dev.blueprint.components.Runs.yamlPath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.components.Runs;
import dev.blueprint.runtime.validate.Problem;
import dev.blueprint.testing.TestPipeline;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformerTest {
    @TempDir
    Path dir;

    private String blueprint(String expression) {
        return """
                system:
                  name: transformer_test
                  components:
                    - name: gen
                      type: Source
                      config: {rate: 0, count: 4, template: {n: "{{seq}}", tags: ["a{{seq}}", "b{{seq}}"]}}
                    - name: transform
                      type: Transformer
                      config: {expression: '%s'}
                    - {name: out, type: Sink, config: {variant: file, path: %s}}
                    - {name: errors, type: Sink, config: {variant: file, path: %s}}
                  bindings:
                    - {from: gen.output, to: transform.input}
                    - {from: transform.output, to: out.input}
                    - {from: transform.errors, to: errors.input}
                """.formatted(expression, yamlPath(dir.resolve("out.jsonl")), yamlPath(dir.resolve("errors.jsonl")));
    }

    @Test
    void transformerEmitsOneRecordPerResult() throws Exception {
        Runs.Finished run = Runs.run(blueprint("{n: (.n * 10)}"));

        assertThat(lines(dir.resolve("out.jsonl"))).extracting(Object::toString)
                .containsExactly("{\"n\":10}", "{\"n\":20}", "{\"n\":30}", "{\"n\":40}");
        assertThat(run.stats("transform").recordsIn()).isEqualTo(4);
        assertThat(run.stats("transform").recordsOut()).isEqualTo(4);
    }

    @Test
    void anExpressionThatRecursesWithoutEndFailsEachRecordNotTheRun() throws Exception {
        // a stack overflow used to kill the component, and the run with it
        Runs.Finished run = Runs.run(blueprint("def f: [f]; f"));

        assertThat(lines(dir.resolve("errors.jsonl"))).hasSize(4).allSatisfy(e -> {
            assertThat(e.get("kind").asText()).isEqualTo("jq_error");
            assertThat(e.get("error").asText()).contains("evaluation recursed too deeply");
        });
        assertThat(run.stats("transform").errors()).isEqualTo(4);
    }

    @Test
    void transformerSplitsOneRecordIntoMany() throws Exception {
        Runs.Finished run = Runs.run(blueprint(".tags[]"));

        assertThat(Runs.rawLines(dir.resolve("out.jsonl")))
                .containsExactly("a1", "b1", "a2", "b2", "a3", "b3", "a4", "b4");
        assertThat(run.stats("transform").recordsOut()).isEqualTo(8);
    }

    @Test
    void transformerDropsRecordsWithNoResult() throws Exception {
        Runs.run(blueprint("select(.n > 2) | .n"));

        assertThat(lines(dir.resolve("out.jsonl"))).extracting(n -> n.asInt()).containsExactly(3, 4);
    }

    @Test
    void transformerRoutesJqRuntimeErrorsToErrorsWithoutPartialOutput() throws Exception {
        // .n, then a failure for even n: nothing of an even record may reach output
        Runs.Finished run = Runs.run(blueprint(".n, (if .n % 2 == 0 then error(\"even\") else empty end)"));

        assertThat(lines(dir.resolve("out.jsonl"))).extracting(n -> n.asInt()).containsExactly(1, 3);
        assertThat(lines(dir.resolve("errors.jsonl"))).extracting(e -> e.get("record").get("n").asInt()).containsExactly(2, 4);
        assertThat(lines(dir.resolve("errors.jsonl"))).allSatisfy(e -> assertThat(e.get("kind").asText()).isEqualTo("jq_error"));
        assertThat(run.stats("transform").errors()).isEqualTo(2);
    }

    @Test
    void transformerWithInvalidJqIsAValidationErrorAtTheExpressionKey() {
        assertThat(TestPipeline.problems(blueprint("{n: }"))).filteredOn(Problem::error).singleElement()
                .satisfies(p -> assertThat(p.format()).startsWith("test.yaml:9:").contains("transform.config.expression")
                        .contains("is not a valid jq expression"));
    }
}
