package dev.blueprint.components.router;

import dev.blueprint.api.ComponentProvider;
import dev.blueprint.testing.ComponentContractTest;

/** {@code Router} passes the component contract, with routes so that records take more than one way. */
class RouterProviderContractTest extends ComponentContractTest<RouterConfig> {
    @Override
    protected ComponentProvider<RouterConfig> provider() {
        return new RouterProvider();
    }

    @Override
    protected RouterConfig config() {
        return bind("{\"routes\": {\"one\": \".n == 1\", \"small\": \".n < 3\"}}");
    }
}
