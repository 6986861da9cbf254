package dev.blueprint.components.router;

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

class RouterTest {
    @TempDir
    Path dir;

    /** Ten records {n: 1..10} through a Router with {@code routes}, each of its outputs into a file. */
    private String blueprint(String routes, String... outputs) {
        StringBuilder sinks = new StringBuilder();
        StringBuilder bindings = new StringBuilder();
        for (String out : outputs) {
            sinks.append("    - {name: to_%s, type: Sink, config: {variant: file, path: %s}}\n".formatted(out, yamlPath(dir.resolve(out + ".jsonl"))));
            bindings.append("    - {from: router.%s, to: to_%s.input}\n".formatted(out, out));
        }
        return """
                system:
                  name: router_test
                  components:
                    - name: gen
                      type: Source
                      config: {rate: 0, count: 10, template: {n: "{{seq}}"}}
                    - name: router
                      type: Router
                      config:
                        routes:
                %s
                %s  bindings:
                    - {from: gen.output, to: router.input}
                %s""".formatted(routes.indent(10).stripTrailing(), sinks, bindings);
    }

    private List<Integer> numbers(String output) {
        return lines(dir.resolve(output + ".jsonl")).stream().map(n -> n.get("n").asInt()).toList();
    }

    @Test
    void routerSendsEachRecordToTheFirstRouteThatMatchesInTheOrderWritten() throws Exception {
        // 'even' is written first, so 6 goes there although 'multiple_of_three' matches it too
        Runs.Finished run = Runs.run(blueprint("""
                even: '.n % 2 == 0'
                multiple_of_three: '.n % 3 == 0'
                """, "even", "multiple_of_three", "unmatched"));

        assertThat(numbers("even")).containsExactly(2, 4, 6, 8, 10);
        assertThat(numbers("multiple_of_three")).containsExactly(3, 9);
        assertThat(numbers("unmatched")).containsExactly(1, 5, 7);
        assertThat(run.stats("router").recordsIn()).isEqualTo(10);
        assertThat(run.stats("router").errors()).isZero();
    }

    @Test
    void routerSendsJqRuntimeErrorsToErrorsNamingTheRoute() throws Exception {
        // a number minus a string is a jq runtime error, on every record
        Runs.run(blueprint("""
                broken: '(.n - "x") > 1'
                """, "broken", "unmatched", "errors"));

        List<JsonNode> errors = lines(dir.resolve("errors.jsonl"));
        assertThat(errors).hasSize(10).allSatisfy(e -> {
            assertThat(e.get("kind").asText()).isEqualTo("jq_error");
            assertThat(e.get("error").asText()).startsWith("route 'broken'");
        });
        assertThat(numbers("broken")).isEmpty();
        assertThat(numbers("unmatched")).isEmpty();
    }

    @Test
    void bindingsMayReadEveryRouteNameButNoOtherName() {
        String yaml = blueprint("""
                ping: '.n == 1'
                query: '.n == 2'
                """, "ping", "query", "unmatched");
        assertThat(TestPipeline.problems(yaml)).isEmpty();

        List<Problem> problems = TestPipeline.problems(yaml.replace("router.query, to:", "router.qeury, to:"));
        assertThat(problems).filteredOn(Problem::error).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("qeury", "did you mean 'query'"));
    }

    @Test
    void anInvalidConditionIsAValidationErrorAtItsRoute() {
        List<Problem> problems = TestPipeline.problems(blueprint("""
                ok: '.n == 1'
                bad: '.n ==== 1'
                """, "ok"));

        assertThat(problems).filteredOn(Problem::error).singleElement()
                .satisfies(p -> assertThat(p.format()).startsWith("test.yaml:12:").contains("router.config.routes.bad", "not a valid jq expression"));
    }

    @Test
    void aRouteNameThatCannotNameAStreamIsRefused() {
        assertThat(TestPipeline.problems(blueprint("\"Big-Name\": '.n == 1'", "unmatched")))
                .filteredOn(Problem::error).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("route name must be snake_case", "'Big-Name'"));
        assertThat(TestPipeline.problems(blueprint("unmatched: '.n == 1'", "unmatched")))
                .filteredOn(Problem::error).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("'unmatched' is an output every Router already has"));
    }

    @Test
    void aRouterWithoutRoutesSendsEverythingToUnmatchedAndWarns() throws Exception {
        String yaml = blueprint("{}", "unmatched");
        assertThat(TestPipeline.problems(yaml)).singleElement().satisfies(p -> {
            assertThat(p.error()).isFalse();
            assertThat(p.message()).contains("no routes set");
        });
        Runs.run(yaml);
        assertThat(numbers("unmatched")).hasSize(10);
    }
}
