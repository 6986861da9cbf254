package dev.blueprint.components.file;

import dev.blueprint.api.Component;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;

/** {@code Source} variant {@code file}: reads JSON lines or plain lines from a file, optionally following it as it grows. */
public final class FileSourceProvider implements VariantProvider<FileSourceConfig> {
    @Override
    public String type() {
        return "Source";
    }

    @Override
    public String variant() {
        return "file";
    }

    @Override
    public String description() {
        return "Reads JSON lines or plain lines from a file, optionally following it as it grows.";
    }

    @Override
    public Class<FileSourceConfig> configType() {
        return FileSourceConfig.class;
    }

    @Override
    public Streams streams(FileSourceConfig config) {
        return Streams.source();
    }

    @Override
    public Component create(FileSourceConfig config) {
        return config.follow() ? new TailingFileSource(config) : new FileSource(config);
    }
}
