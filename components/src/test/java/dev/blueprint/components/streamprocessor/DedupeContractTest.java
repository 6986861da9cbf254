package dev.blueprint.components.streamprocessor;

import dev.blueprint.api.ComponentProvider;
import dev.blueprint.testing.ComponentContractTest;

/** The {@code StreamProcessor} variant {@code dedupe} passes the component contract with its defaults. */
class DedupeContractTest extends ComponentContractTest<DedupeConfig> {
    @Override
    protected ComponentProvider<DedupeConfig> provider() {
        return new DedupeProvider();
    }
}
