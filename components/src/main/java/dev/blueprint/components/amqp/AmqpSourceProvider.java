package dev.blueprint.components.amqp;

import dev.blueprint.api.Component;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;

/** {@code Source} variant {@code amqp}: consumes an AMQP 0-9-1 queue (RabbitMQ) with manual acknowledgements and prefetch; each message becomes {exchange, routing_key, redelivered, data}. */
public final class AmqpSourceProvider implements VariantProvider<AmqpSourceConfig> {
    @Override
    public String type() {
        return "Source";
    }

    @Override
    public String variant() {
        return "amqp";
    }

    @Override
    public String description() {
        return "Consumes an AMQP 0-9-1 queue (RabbitMQ) with manual acknowledgements and prefetch; each message becomes {exchange, routing_key, redelivered, data}.";
    }

    @Override
    public Class<AmqpSourceConfig> configType() {
        return AmqpSourceConfig.class;
    }

    @Override
    public Streams streams(AmqpSourceConfig config) {
        return Streams.source();
    }

    @Override
    public Component create(AmqpSourceConfig config) {
        return new AmqpSource(config);
    }
}
