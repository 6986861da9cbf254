package dev.blueprint.components.amqp;

import dev.blueprint.components.broker.ConnectorProvider;

/** {@code Source} variant {@code amqp}: consumes an AMQP 0-9-1 queue (RabbitMQ) with manual acknowledgements and prefetch; each message becomes {exchange, routing_key, redelivered, data}. */
public final class AmqpSourceProvider extends ConnectorProvider<AmqpSourceConfig> {
    public AmqpSourceProvider() {
        super("Source", "amqp", "Consumes an AMQP 0-9-1 queue (RabbitMQ) with manual acknowledgements and prefetch; each message becomes {exchange, routing_key, redelivered, data}.", AmqpSourceConfig.class,
                AmqpSource::new);
    }
}
