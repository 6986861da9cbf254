package dev.blueprint.components.source;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.Streams;

/** The {@code Source} type: produces records; {@code variant} chooses how. */
public final class SourceProvider implements ComponentProvider<SourceConfig> {
    @Override
    public String type() {
        return "Source";
    }

    @Override
    public String description() {
        return "Produces records: a generator on a timer or at a rate (a bare Source emits one sample record per second).";
    }

    @Override
    public Class<SourceConfig> configType() {
        return SourceConfig.class;
    }

    @Override
    public Streams streams(SourceConfig config) {
        return Streams.source();
    }

    @Override
    public Component create(SourceConfig config) {
        return new GeneratorSource(config);
    }
}
