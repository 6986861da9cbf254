package dev.blueprint.runtime;

import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.runtime.exec.RunOutcome;
import dev.blueprint.runtime.model.Blueprint;
import dev.blueprint.runtime.registry.ComponentRegistry;
import dev.blueprint.runtime.validate.BlueprintLoader;
import dev.blueprint.runtime.validate.Problem;
import java.io.StringReader;
import java.util.List;
import java.util.Map;

/**
 * Loads and runs a blueprint given as text, in this process: for embedding and for tests. Component types come
 * from the class path through {@link java.util.ServiceLoader}, as in a run of the CLI. The test kit's
 * {@code TestPipeline} offers the same to plugin authors; the runtime's own tests use this, since the test kit
 * depends on the runtime.
 */
public final class InProcess {
    private InProcess() {
    }

    /** Validates {@code yaml}; returns the problems (empty list when valid without warnings). */
    public static List<Problem> problems(String yaml) {
        return problems(yaml, Map.of(), List.of());
    }

    /** Validates {@code yaml} and returns the blueprint, failing with every problem when it is invalid. */
    public static Blueprint load(String yaml) {
        return load(yaml, Map.of(), List.of());
    }

    /** Validates {@code yaml} with environment variables {@code env} and {@code --set} overrides; every problem. */
    public static List<Problem> problems(String yaml, Map<String, String> env, List<String> overrides) {
        return loader(env).load("test.yaml", new StringReader(yaml), overrides).problems();
    }

    /** Validates {@code yaml} and returns the blueprint, failing with every problem when it is invalid. */
    public static Blueprint load(String yaml, Map<String, String> env, List<String> overrides) {
        return loader(env).load("test.yaml", new StringReader(yaml), overrides).orThrow();
    }

    /** Builds and starts a pipeline; the caller stops it or awaits its completion. */
    public static Pipeline start(String yaml) throws InterruptedException {
        Pipeline p = Pipeline.build(load(yaml));
        p.start();
        return p;
    }

    /** Runs a finite blueprint to completion. */
    public static RunOutcome run(String yaml) throws InterruptedException {
        return start(yaml).awaitCompletion();
    }

    private static BlueprintLoader loader(Map<String, String> env) {
        return new BlueprintLoader(ComponentRegistry.load(List.of()), env);
    }
}
