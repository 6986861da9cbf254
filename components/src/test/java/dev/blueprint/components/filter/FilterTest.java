package dev.blueprint.components.filter;

import static dev.blueprint.components.Runs.lines;
import static dev.blueprint.components.Runs.yamlPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.components.Runs;
import dev.blueprint.runtime.validate.Problem;
import dev.blueprint.testing.TestPipeline;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilterTest {
    @TempDir
    Path dir;

    private String blueprint(String condition, String template) {
        return """
                system:
                  name: filter_test
                  components:
                    - name: gen
                      type: Source
                      config: {rate: 0, count: 10, template: %s}
                    - name: filter
                      type: Filter
                      config: {condition: '%s'}
                    - {name: passed, type: Sink, config: {variant: file, path: %s}}
                    - {name: rejected, type: Sink, config: {variant: file, path: %s}}
                    - {name: errors, type: Sink, config: {variant: file, path: %s}}
                  bindings:
                    - {from: gen.output, to: filter.input}
                    - {from: filter.output, to: passed.input}
                    - {from: filter.rejected, to: rejected.input}
                    - {from: filter.errors, to: errors.input}
                """.formatted(template, condition, yamlPath(dir.resolve("passed.jsonl")), yamlPath(dir.resolve("rejected.jsonl")),
                yamlPath(dir.resolve("errors.jsonl")));
    }

    @Test
    void filterSendsMatchingRecordsToOutputAndTheOthersToRejected() throws Exception {
        Runs.Finished run = Runs.run(blueprint(".n % 3 == 0", "{n: \"{{seq}}\"}"));

        assertThat(lines(dir.resolve("passed.jsonl"))).extracting(n -> n.get("n").asInt()).containsExactly(3, 6, 9);
        assertThat(lines(dir.resolve("rejected.jsonl"))).extracting(n -> n.get("n").asInt()).containsExactly(1, 2, 4, 5, 7, 8, 10);
        assertThat(run.stats("filter").recordsIn()).isEqualTo(10);
        assertThat(run.stats("filter").errors()).isZero();
    }

    @Test
    void filterTreatsNullAndMissingAsFalse() throws Exception {
        Runs.run(blueprint(".missing", "{n: \"{{seq}}\"}"));

        assertThat(lines(dir.resolve("passed.jsonl"))).isEmpty();
        assertThat(lines(dir.resolve("rejected.jsonl"))).hasSize(10);
    }

    @Test
    void filterRoutesJqRuntimeErrorsToErrorsAndKeepsGoing() throws Exception {
        // a string divided by a number is a jq runtime error; odd records carry a number, even ones a string
        Runs.Finished run = Runs.run(blueprint("(.v / 2) > 1", "[\"{{seq}}\", \"x{{seq}}\"]")
                .replace("condition: '(.v / 2) > 1'", "condition: '(if .[0] % 2 == 1 then .[0] else .[1] end) / 2 > 1'"));

        List<JsonNode> errors = lines(dir.resolve("errors.jsonl"));
        assertThat(errors).extracting(e -> e.get("record").get(1).asText()).containsExactly("x2", "x4", "x6", "x8", "x10");
        assertThat(errors).allSatisfy(e -> assertThat(e.get("kind").asText()).isEqualTo("jq_error"));
        assertThat(lines(dir.resolve("passed.jsonl"))).extracting(n -> n.get(0).asInt()).containsExactly(3, 5, 7, 9);
        assertThat(lines(dir.resolve("rejected.jsonl"))).extracting(n -> n.get(0).asInt()).containsExactly(1);
        assertThat(run.stats("filter").recordsIn()).isEqualTo(10);
        assertThat(run.stats("filter").errors()).isEqualTo(5);
    }

    @Test
    void filterWithInvalidJqIsAValidationErrorAtTheConditionKey() {
        List<Problem> problems = TestPipeline.problems(blueprint(".n ==== 3", "{n: 1}"));

        assertThat(problems).filteredOn(Problem::error).singleElement().satisfies(p -> {
            assertThat(p.format()).startsWith("test.yaml:9:27: error: filter.config.condition").contains("filter.config.condition").contains("jq");
        });
    }

    @Test
    void bareFilterPassesEverythingAndWarns() throws Exception {
        String yaml = blueprint("x", "{n: 1}").replace("config: {condition: 'x'}", "");
        assertThat(TestPipeline.problems(yaml)).singleElement().satisfies(p -> {
            assertThat(p.error()).isFalse();
            assertThat(p.message()).contains("no condition set");
        });
        Runs.run(yaml);
        assertThat(lines(dir.resolve("passed.jsonl"))).hasSize(10);
    }
}
