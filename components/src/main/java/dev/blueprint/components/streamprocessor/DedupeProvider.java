package dev.blueprint.components.streamprocessor;

import dev.blueprint.api.Component;
import dev.blueprint.api.ConfigProblem;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;
import dev.blueprint.components.jq.JqExpression;
import java.util.List;

/** {@code StreamProcessor} variant {@code dedupe}: drops repeats of a key seen within a window or among the last keys remembered. */
public final class DedupeProvider implements VariantProvider<DedupeConfig> {
    @Override
    public String type() {
        return "StreamProcessor";
    }

    @Override
    public String variant() {
        return "dedupe";
    }

    @Override
    public String description() {
        return "Drops repeats of a key seen within a window or among the last keys remembered.";
    }

    @Override
    public Class<DedupeConfig> configType() {
        return DedupeConfig.class;
    }

    @Override
    public Streams streams(DedupeConfig config) {
        return Streams.processor("output", "duplicates");
    }

    @Override
    public List<ConfigProblem> check(DedupeConfig config) {
        return JqExpression.problem("key", config.key()).stream().toList();
    }

    @Override
    public Component create(DedupeConfig config) {
        return new DedupeProcessor(config);
    }
}
