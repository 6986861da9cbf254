package dev.blueprint.components.streamprocessor;

import dev.blueprint.api.ComponentProvider;
import dev.blueprint.testing.ComponentContractTest;

/** The {@code StreamProcessor} variant {@code batch} passes the component contract with its defaults. */
class BatchContractTest extends ComponentContractTest<BatchConfig> {
    @Override
    protected ComponentProvider<BatchConfig> provider() {
        return new BatchProvider();
    }
}
