package dev.blueprint.components.sink;

import dev.blueprint.api.ComponentProvider;
import dev.blueprint.testing.ComponentContractTest;

/** The built-in {@code Sink} (default variant: JSON lines on stdout) passes the component contract. */
class SinkProviderContractTest extends ComponentContractTest<SinkConfig> {
    @Override
    protected ComponentProvider<SinkConfig> provider() {
        return new SinkProvider();
    }
}
