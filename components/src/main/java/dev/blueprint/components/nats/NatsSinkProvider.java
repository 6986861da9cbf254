package dev.blueprint.components.nats;

import dev.blueprint.api.Component;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;

/** {@code Sink} variant {@code nats}: publishes each record to a NATS subject made from its fields, core or JetStream (acknowledged, deduplicated on resend). */
public final class NatsSinkProvider implements VariantProvider<NatsSinkConfig> {
    @Override
    public String type() {
        return "Sink";
    }

    @Override
    public String variant() {
        return "nats";
    }

    @Override
    public String description() {
        return "Publishes each record to a NATS subject made from its fields, core or JetStream (acknowledged, deduplicated on resend).";
    }

    @Override
    public Class<NatsSinkConfig> configType() {
        return NatsSinkConfig.class;
    }

    @Override
    public Streams streams(NatsSinkConfig config) {
        return Streams.sink();
    }

    @Override
    public Component create(NatsSinkConfig config) {
        return new NatsSink(config);
    }
}
