package dev.blueprint.components.streamprocessor;

import dev.blueprint.api.ComponentProvider;
import dev.blueprint.testing.ComponentContractTest;

/** The default {@code StreamProcessor} variant {@code merge} passes the component contract with its defaults. */
class MergeContractTest extends ComponentContractTest<MergeConfig> {
    @Override
    protected ComponentProvider<MergeConfig> provider() {
        return new MergeProvider();
    }
}
