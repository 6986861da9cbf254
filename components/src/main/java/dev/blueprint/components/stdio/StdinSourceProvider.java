package dev.blueprint.components.stdio;

import dev.blueprint.api.Component;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;

/** {@code Source} variant {@code stdin}: reads JSON lines or plain lines from standard input until it ends. */
public final class StdinSourceProvider implements VariantProvider<StdinConfig> {
    @Override
    public String type() {
        return "Source";
    }

    @Override
    public String variant() {
        return "stdin";
    }

    @Override
    public String description() {
        return "Reads JSON lines or plain lines from standard input until it ends.";
    }

    @Override
    public Class<StdinConfig> configType() {
        return StdinConfig.class;
    }

    @Override
    public Streams streams(StdinConfig config) {
        return Streams.source();
    }

    @Override
    public Component create(StdinConfig config) {
        return new StdinSource(config);
    }
}
