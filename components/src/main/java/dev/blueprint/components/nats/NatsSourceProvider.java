package dev.blueprint.components.nats;

import dev.blueprint.api.Component;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;

/** {@code Source} variant {@code nats}: subscribes to a NATS subject (core, at most once) or consumes a JetStream stream with a durable consumer (at least once); each message becomes {subject, data}. */
public final class NatsSourceProvider implements VariantProvider<NatsSourceConfig> {
    @Override
    public String type() {
        return "Source";
    }

    @Override
    public String variant() {
        return "nats";
    }

    @Override
    public String description() {
        return "Subscribes to a NATS subject (core, at most once) or consumes a JetStream stream with a durable consumer (at least once); each message becomes {subject, data}.";
    }

    @Override
    public Class<NatsSourceConfig> configType() {
        return NatsSourceConfig.class;
    }

    @Override
    public Streams streams(NatsSourceConfig config) {
        return Streams.source();
    }

    @Override
    public Component create(NatsSourceConfig config) {
        return new NatsSource(config);
    }
}
