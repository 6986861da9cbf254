package dev.blueprint.components.streamprocessor;

import dev.blueprint.api.Component;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;

/** {@code StreamProcessor} variant {@code throttle}: lets at most limit records through per period, dropping or delaying the excess. */
public final class ThrottleProvider implements VariantProvider<ThrottleConfig> {
    @Override
    public String type() {
        return "StreamProcessor";
    }

    @Override
    public String variant() {
        return "throttle";
    }

    @Override
    public String description() {
        return "Lets at most limit records through per period, dropping or delaying the excess.";
    }

    @Override
    public Class<ThrottleConfig> configType() {
        return ThrottleConfig.class;
    }

    @Override
    public Streams streams(ThrottleConfig config) {
        return Streams.processor("output", "throttled");
    }

    @Override
    public Component create(ThrottleConfig config) {
        return new ThrottleProcessor(config);
    }
}
