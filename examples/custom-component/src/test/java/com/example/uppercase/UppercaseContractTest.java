package com.example.uppercase;

import dev.blueprint.api.ComponentProvider;
import dev.blueprint.testing.ComponentContractTest;

/** The plugin's type passes the conformance suite plugin authors are told to extend. */
class UppercaseContractTest extends ComponentContractTest<UppercaseConfig> {
    @Override
    protected ComponentProvider<UppercaseConfig> provider() {
        return new UppercaseProvider();
    }
}
