package dev.blueprint.components.jq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.api.ConfigProblem;
import org.junit.jupiter.api.Test;

class JqExpressionTest {

    @Test
    void unknownFunctionIsAProblemBeforeAnyRecordArrives() {
        assertThat(JqExpression.problem("condition", ".x | nosuchfn")).get().extracting(ConfigProblem::message).asString()
                .contains("'nosuchfn' is not a jq function");
    }

    @Test
    void functionMissingFromThisRuntimeIsAProblem() {
        assertThat(JqExpression.problem("expression", ".ts | input_line_number")).get().extracting(ConfigProblem::message).asString()
                .contains("'input_line_number'");
    }

    @Test
    void wrongArityNamesTheArityTheFunctionTakes() {
        assertThat(JqExpression.problem("expression", ".s | split(\",\"; \"g\"; 1)")).get().extracting(ConfigProblem::message)
                .asString().contains("'split' takes 1 or 2 argument(s), not 3");
    }

    @Test
    void functionsTheExpressionDefinesAndTheirParametersAreKnown() {
        assertThat(JqExpression.problem("expression", "def twice(f): f | f; def inc: . + 1; twice(inc)")).isEmpty();
    }

    @Test
    void builtinsInsideNestedConstructsPass() {
        assertThat(JqExpression.problem("expression",
                "{a: (.xs | map(select(. > 1)) | length), b: [.ys[] | tostring], c: \"\\(.n | floor)\"} | if .a > 0 then . else empty end"))
                .isEmpty();
    }

    @Test
    void unknownFunctionInsideStringInterpolationIsFound() {
        assertThat(JqExpression.problem("expression", "\"n=\\(.n | nope)\"")).isPresent();
    }
}
