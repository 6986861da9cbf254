package dev.blueprint.components.mqtt;

import dev.blueprint.api.ComponentProvider;
import dev.blueprint.components.testkit.SharedBrokers;
import dev.blueprint.testing.ComponentContractTest;
import java.util.UUID;
import org.junit.jupiter.api.Nested;

/** Both mqtt variants pass the component contract against the suite's own Mosquitto, on topics of their own. */
class MqttContractTest {
    private static final String TOPIC = "bp-contract/" + UUID.randomUUID();

    @Nested
    class Source extends ComponentContractTest<MqttSourceConfig> {
        @Override
        protected ComponentProvider<MqttSourceConfig> provider() {
            return new MqttSourceProvider();
        }

        @Override
        protected MqttSourceConfig config() {
            return bind("{\"url\": \"" + SharedBrokers.mosquitto().url() + "\", \"topics\": [\"" + TOPIC + "/#\"], \"clean_session\": true}");
        }
    }

    @Nested
    class Sink extends ComponentContractTest<MqttSinkConfig> {
        @Override
        protected ComponentProvider<MqttSinkConfig> provider() {
            return new MqttSinkProvider();
        }

        @Override
        protected MqttSinkConfig config() {
            return bind("{\"url\": \"" + SharedBrokers.mosquitto().url() + "\", \"topic\": \"" + TOPIC + "/{n}\"}");
        }
    }
}
