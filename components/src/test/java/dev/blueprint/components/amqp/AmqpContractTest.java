package dev.blueprint.components.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.components.testkit.SharedBrokers;
import dev.blueprint.testing.ComponentContractTest;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;

/** Both amqp variants pass the component contract against the suite's own RabbitMQ, on a queue of their own. */
class AmqpContractTest {
    private static final String QUEUE = "bp-contract-" + UUID.randomUUID().toString().substring(0, 8);

    private static ConnectionFactory factory() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(SharedBrokers.rabbitMq().url());
        return factory;
    }

    @AfterAll
    static void deleteQueue() throws Exception {
        try (Connection c = factory().newConnection(); Channel ch = c.createChannel()) {
            ch.queueDelete(QUEUE);
        }
    }

    @Nested
    class Source extends ComponentContractTest<AmqpSourceConfig> {
        @Override
        protected ComponentProvider<AmqpSourceConfig> provider() {
            return new AmqpSourceProvider();
        }

        @Override
        protected AmqpSourceConfig config() {
            return bind("{\"url\": \"" + SharedBrokers.rabbitMq().url() + "\", \"queue\": \"" + QUEUE + "\"}");
        }
    }

    @Nested
    class Sink extends ComponentContractTest<AmqpSinkConfig> {
        @Override
        protected ComponentProvider<AmqpSinkConfig> provider() {
            return new AmqpSinkProvider();
        }

        @Override
        protected AmqpSinkConfig config() {
            return bind("{\"url\": \"" + SharedBrokers.rabbitMq().url() + "\", \"routing_key\": \"" + QUEUE + "\", \"declare_queues\": [\"" + QUEUE + "\"]}");
        }
    }
}
