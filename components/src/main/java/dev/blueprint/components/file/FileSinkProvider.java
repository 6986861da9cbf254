package dev.blueprint.components.file;

import dev.blueprint.api.Component;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;

/** {@code Sink} variant {@code file}: writes JSON lines to a file, optionally rotating it by size. */
public final class FileSinkProvider implements VariantProvider<FileSinkConfig> {
    @Override
    public String type() {
        return "Sink";
    }

    @Override
    public String variant() {
        return "file";
    }

    @Override
    public String description() {
        return "Writes JSON lines to a file, optionally rotating it by size.";
    }

    @Override
    public Class<FileSinkConfig> configType() {
        return FileSinkConfig.class;
    }

    @Override
    public Streams streams(FileSinkConfig config) {
        return Streams.sink();
    }

    @Override
    public Component create(FileSinkConfig config) {
        return new FileSink(config);
    }
}
