package dev.blueprint.components.streamprocessor;

import dev.blueprint.api.Component;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;
import dev.blueprint.api.Streams.StreamSpec;
import java.util.List;

/** {@code StreamProcessor} variant {@code merge}: forwards records from any number of inputs, in arrival order, to one output. */
public final class MergeProvider implements VariantProvider<MergeConfig> {
    @Override
    public String type() {
        return "StreamProcessor";
    }

    @Override
    public String variant() {
        return "merge";
    }

    @Override
    public boolean isDefault() {
        return true;
    }

    @Override
    public String description() {
        return "Forwards records from any number of inputs, in arrival order, to one output.";
    }

    @Override
    public Class<MergeConfig> configType() {
        return MergeConfig.class;
    }

    @Override
    public Streams streams(MergeConfig config) {
        return new Streams(List.of(StreamSpec.optional("input")), List.of(StreamSpec.optional("output")), true, false, false);
    }

    @Override
    public Component create(MergeConfig config) {
        return new MergeProcessor();
    }
}
