package dev.blueprint.components.generator;

import dev.blueprint.api.Component;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;

/** {@code Source} variant {@code generator}: emits a template record on a timer or at a rate (a bare Source emits one sample record per second). */
public final class GeneratorSourceProvider implements VariantProvider<GeneratorConfig> {
    @Override
    public String type() {
        return "Source";
    }

    @Override
    public String variant() {
        return "generator";
    }

    @Override
    public boolean isDefault() {
        return true;
    }

    @Override
    public String description() {
        return "Emits a template record on a timer or at a rate (a bare Source emits one sample record per second).";
    }

    @Override
    public Class<GeneratorConfig> configType() {
        return GeneratorConfig.class;
    }

    @Override
    public Streams streams(GeneratorConfig config) {
        return Streams.source();
    }

    @Override
    public Component create(GeneratorConfig config) {
        return new GeneratorSource(config);
    }
}
