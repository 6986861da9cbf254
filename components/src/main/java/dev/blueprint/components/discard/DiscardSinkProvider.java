package dev.blueprint.components.discard;

import dev.blueprint.api.Component;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;

/** {@code Sink} variant {@code discard}: takes records and keeps nothing; the runtime counts them. */
public final class DiscardSinkProvider implements VariantProvider<DiscardConfig> {
    @Override
    public String type() {
        return "Sink";
    }

    @Override
    public String variant() {
        return "discard";
    }

    @Override
    public String description() {
        return "Takes records and keeps nothing; the runtime counts them.";
    }

    @Override
    public Class<DiscardConfig> configType() {
        return DiscardConfig.class;
    }

    @Override
    public Streams streams(DiscardConfig config) {
        return Streams.sink();
    }

    @Override
    public Component create(DiscardConfig config) {
        return new DiscardSink();
    }
}
