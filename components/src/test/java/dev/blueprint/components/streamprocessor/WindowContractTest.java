package dev.blueprint.components.streamprocessor;

import dev.blueprint.api.ComponentProvider;
import dev.blueprint.testing.ComponentContractTest;

/** The {@code StreamProcessor} variant {@code window} passes the component contract with its defaults. */
class WindowContractTest extends ComponentContractTest<WindowConfig> {
    @Override
    protected ComponentProvider<WindowConfig> provider() {
        return new WindowProvider();
    }
}
