package dev.blueprint.components.nats;

import dev.blueprint.api.ComponentProvider;
import dev.blueprint.components.testkit.SharedBrokers;
import dev.blueprint.testing.ComponentContractTest;
import java.util.UUID;
import org.junit.jupiter.api.Nested;

/** Both nats variants pass the component contract against the suite's own NATS server, on a subject of their own. */
class NatsContractTest {
    private static final String SUBJECT = "bpcontract." + UUID.randomUUID().toString().substring(0, 8);

    @Nested
    class Source extends ComponentContractTest<NatsSourceConfig> {
        @Override
        protected ComponentProvider<NatsSourceConfig> provider() {
            return new NatsSourceProvider();
        }

        @Override
        protected NatsSourceConfig config() {
            return bind("{\"url\": \"" + SharedBrokers.nats().url() + "\", \"subject\": \"" + SUBJECT + ".>\"}");
        }
    }

    @Nested
    class Sink extends ComponentContractTest<NatsSinkConfig> {
        @Override
        protected ComponentProvider<NatsSinkConfig> provider() {
            return new NatsSinkProvider();
        }

        @Override
        protected NatsSinkConfig config() {
            return bind("{\"url\": \"" + SharedBrokers.nats().url() + "\", \"subject\": \"" + SUBJECT + ".{n}\"}");
        }
    }
}
