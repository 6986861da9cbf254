package dev.blueprint.components.stdio;

import dev.blueprint.api.Component;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;
import dev.blueprint.components.payload.JsonLinesSink;

/** {@code Sink} variant {@code log}: writes JSON lines to stdout, or each record to the application log at a level. */
public final class LogSinkProvider implements VariantProvider<LogSinkConfig> {
    @Override
    public String type() {
        return "Sink";
    }

    @Override
    public String variant() {
        return "log";
    }

    @Override
    public boolean isDefault() {
        return true;
    }

    @Override
    public String description() {
        return "Writes JSON lines to stdout, or each record to the application log at a level.";
    }

    @Override
    public Class<LogSinkConfig> configType() {
        return LogSinkConfig.class;
    }

    @Override
    public Streams streams(LogSinkConfig config) {
        return Streams.sink();
    }

    @Override
    public Component create(LogSinkConfig config) {
        return config.level() == null ? new JsonLinesSink() : new LogSink(config.level());
    }
}
