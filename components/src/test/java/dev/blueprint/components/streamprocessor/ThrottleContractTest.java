package dev.blueprint.components.streamprocessor;

import dev.blueprint.api.ComponentProvider;
import dev.blueprint.testing.ComponentContractTest;

/** The {@code StreamProcessor} variant {@code throttle} passes the component contract with its defaults. */
class ThrottleContractTest extends ComponentContractTest<ThrottleConfig> {
    @Override
    protected ComponentProvider<ThrottleConfig> provider() {
        return new ThrottleProvider();
    }
}
