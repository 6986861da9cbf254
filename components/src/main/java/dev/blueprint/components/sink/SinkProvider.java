package dev.blueprint.components.sink;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.Streams;

/** The {@code Sink} type: consumes records; {@code variant} chooses where they go. */
public final class SinkProvider implements ComponentProvider<SinkConfig> {
    @Override
    public String type() {
        return "Sink";
    }

    @Override
    public String description() {
        return "Consumes records: JSON lines to stdout (default), to a file, or discarded.";
    }

    @Override
    public Class<SinkConfig> configType() {
        return SinkConfig.class;
    }

    @Override
    public Streams streams(SinkConfig config) {
        return Streams.sink();
    }

    @Override
    public Component create(SinkConfig config) {
        return switch (config.variant()) {
            case LOG -> new JsonLinesSink();
            case FILE -> new FileSink(config);
            case DISCARD -> new DiscardSink();
        };
    }
}
