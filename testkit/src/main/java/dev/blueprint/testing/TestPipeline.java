package dev.blueprint.testing;

import dev.blueprint.runtime.InProcess;
import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.runtime.exec.RunOutcome;
import dev.blueprint.runtime.model.Blueprint;
import dev.blueprint.runtime.validate.Problem;
import java.util.List;
import java.util.Map;

/**
 * Loads and runs a blueprint in-process, for tests of components and the runtime. Component types come
 * from the test class path through {@link java.util.ServiceLoader}, as in production.
 */
public final class TestPipeline {
    private TestPipeline() {
    }

    /** Validates {@code yaml}; returns the problems (empty list when valid without warnings). */
    public static List<Problem> problems(String yaml) {
        return InProcess.problems(yaml);
    }

    /** Validates {@code yaml} with environment variables {@code env} and {@code --set} overrides. */
    public static List<Problem> problems(String yaml, Map<String, String> env, List<String> overrides) {
        return InProcess.problems(yaml, env, overrides);
    }

    /** Validates {@code yaml} and returns the blueprint, failing with every problem when it is invalid. */
    public static Blueprint load(String yaml) {
        return InProcess.load(yaml);
    }

    /** Like {@link #load(String)} with environment variables and {@code --set} overrides. */
    public static Blueprint load(String yaml, Map<String, String> env, List<String> overrides) {
        return InProcess.load(yaml, env, overrides);
    }

    /** Builds and starts a pipeline; the caller stops it or awaits its completion. */
    public static Pipeline start(String yaml) throws InterruptedException {
        return InProcess.start(yaml);
    }

    /** Runs a finite blueprint to completion. */
    public static RunOutcome run(String yaml) throws InterruptedException {
        return InProcess.run(yaml);
    }
}
