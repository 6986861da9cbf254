package dev.blueprint.components.amqp;

import dev.blueprint.components.broker.ConnectorProvider;

/** {@code Sink} variant {@code amqp}: publishes each record to an AMQP exchange with a routing key made from its fields, with publisher confirms. */
public final class AmqpSinkProvider extends ConnectorProvider<AmqpSinkConfig> {
    public AmqpSinkProvider() {
        super("Sink", "amqp", "Publishes each record to an AMQP exchange with a routing key made from its fields, with publisher confirms.", AmqpSinkConfig.class,
                AmqpSink::new);
    }
}
