package dev.blueprint.components.stdio;

import dev.blueprint.api.ComponentProvider;
import dev.blueprint.testing.ComponentContractTest;

/** The default {@code Sink} variant (JSON lines on stdout) passes the component contract. */
class LogSinkContractTest extends ComponentContractTest<LogSinkConfig> {
    @Override
    protected ComponentProvider<LogSinkConfig> provider() {
        return new LogSinkProvider();
    }
}
