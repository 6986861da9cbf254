package dev.blueprint.components.streamprocessor;

import dev.blueprint.api.ComponentProvider;
import dev.blueprint.testing.ComponentContractTest;

/** The {@code StreamProcessor} variant {@code joining} passes the component contract with its defaults. */
class JoiningContractTest extends ComponentContractTest<JoiningConfig> {
    @Override
    protected ComponentProvider<JoiningConfig> provider() {
        return new JoiningProvider();
    }
}
