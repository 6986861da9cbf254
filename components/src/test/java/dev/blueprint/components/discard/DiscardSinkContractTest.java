package dev.blueprint.components.discard;

import dev.blueprint.api.ComponentProvider;
import dev.blueprint.testing.ComponentContractTest;

/** The {@code discard} sink passes the component contract. */
class DiscardSinkContractTest extends ComponentContractTest<DiscardConfig> {
    @Override
    protected ComponentProvider<DiscardConfig> provider() {
        return new DiscardSinkProvider();
    }
}
