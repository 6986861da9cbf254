package dev.blueprint.components.amqp;

import dev.blueprint.api.Component;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;

/** {@code Sink} variant {@code amqp}: publishes each record to an AMQP exchange with a routing key made from its fields, with publisher confirms. */
public final class AmqpSinkProvider implements VariantProvider<AmqpSinkConfig> {
    @Override
    public String type() {
        return "Sink";
    }

    @Override
    public String variant() {
        return "amqp";
    }

    @Override
    public String description() {
        return "Publishes each record to an AMQP exchange with a routing key made from its fields, with publisher confirms.";
    }

    @Override
    public Class<AmqpSinkConfig> configType() {
        return AmqpSinkConfig.class;
    }

    @Override
    public Streams streams(AmqpSinkConfig config) {
        return Streams.sink();
    }

    @Override
    public Component create(AmqpSinkConfig config) {
        return new AmqpSink(config);
    }
}
