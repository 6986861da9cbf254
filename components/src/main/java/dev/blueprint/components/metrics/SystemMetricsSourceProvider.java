package dev.blueprint.components.metrics;

import dev.blueprint.api.Component;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;

/** {@code Source} variant {@code system_metrics}: host and JVM figures on a timer. */
public final class SystemMetricsSourceProvider implements VariantProvider<SystemMetricsConfig> {
    @Override
    public String type() {
        return "Source";
    }

    @Override
    public String variant() {
        return "system_metrics";
    }

    @Override
    public String description() {
        return "Host and JVM figures on a timer.";
    }

    @Override
    public Class<SystemMetricsConfig> configType() {
        return SystemMetricsConfig.class;
    }

    @Override
    public Streams streams(SystemMetricsConfig config) {
        return Streams.source();
    }

    @Override
    public Component create(SystemMetricsConfig config) {
        return new SystemMetricsSource(config);
    }
}
