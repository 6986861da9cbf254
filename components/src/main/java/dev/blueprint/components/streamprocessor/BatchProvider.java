package dev.blueprint.components.streamprocessor;

import dev.blueprint.api.Component;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;

/** {@code StreamProcessor} variant {@code batch}: collects records into JSON arrays of size records, sending a partial batch after duration. */
public final class BatchProvider implements VariantProvider<BatchConfig> {
    @Override
    public String type() {
        return "StreamProcessor";
    }

    @Override
    public String variant() {
        return "batch";
    }

    @Override
    public String description() {
        return "Collects records into JSON arrays of size records, sending a partial batch after duration.";
    }

    @Override
    public Class<BatchConfig> configType() {
        return BatchConfig.class;
    }

    @Override
    public Streams streams(BatchConfig config) {
        return Streams.processor("output");
    }

    @Override
    public Component create(BatchConfig config) {
        return new BatchProcessor(config);
    }
}
