package dev.blueprint.components.sink;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.ConfigProblem;
import dev.blueprint.api.Streams;
import dev.blueprint.components.config.VariantKeys;
import java.util.List;

/** The {@code Sink} type: consumes records; {@code variant} chooses where they go. */
public final class SinkProvider implements ComponentProvider<SinkConfig> {
    @Override
    public String type() {
        return "Sink";
    }

    @Override
    public String description() {
        return "Consumes records: JSON lines to stdout (default), to a file, POSTed over HTTP, published to Redis, or discarded.";
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
    public List<ConfigProblem> check(SinkConfig config) {
        return VariantKeys.unused(config, config.variant().toString(), config.variant().keys);
    }

    @Override
    public Component create(SinkConfig config) {
        return switch (config.variant()) {
            case LOG -> config.level() == null ? new JsonLinesSink() : new LogSink(config.level());
            case FILE -> new FileSink(config);
            case HTTP -> new HttpSink(config);
            case REDIS -> new RedisSink(config);
            case DISCARD -> new DiscardSink();
        };
    }
}
