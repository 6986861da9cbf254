package dev.blueprint.components.generator;

import dev.blueprint.api.ComponentProvider;
import dev.blueprint.testing.ComponentContractTest;

/** The default {@code Source} variant, an unbounded generator, passes the component contract: it stops on request. */
class GeneratorSourceContractTest extends ComponentContractTest<GeneratorConfig> {
    @Override
    protected ComponentProvider<GeneratorConfig> provider() {
        return new GeneratorSourceProvider();
    }
}
