package dev.blueprint.components.source;

import dev.blueprint.api.ComponentProvider;
import dev.blueprint.testing.ComponentContractTest;

/** The built-in {@code Source} (an unbounded generator by default) passes the component contract: it stops on request. */
class SourceProviderContractTest extends ComponentContractTest<SourceConfig> {
    @Override
    protected ComponentProvider<SourceConfig> provider() {
        return new SourceProvider();
    }
}
