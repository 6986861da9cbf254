package dev.blueprint.components.broker;

import dev.blueprint.api.Component;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;
import java.util.function.Function;

/**
 * What every connector's provider is: a {@code Source} or {@code Sink} variant with a config record and a factory.
 * A connector's provider names these and nothing else.
 *
 * @param <C> the config record
 */
public abstract class ConnectorProvider<C extends java.lang.Record> implements VariantProvider<C> {
    private final String type;
    private final String variant;
    private final String description;
    private final Class<C> configType;
    private final Function<C, Component> factory;

    /**
     * @param type {@code Source} or {@code Sink}
     * @param factory makes the component for a bound config
     */
    protected ConnectorProvider(String type, String variant, String description, Class<C> configType, Function<C, Component> factory) {
        if (!type.equals("Source") && !type.equals("Sink")) {
            throw new IllegalArgumentException("a connector is a Source or a Sink, not " + type);
        }
        this.type = type;
        this.variant = variant;
        this.description = description;
        this.configType = configType;
        this.factory = factory;
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final String variant() {
        return variant;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Class<C> configType() {
        return configType;
    }

    @Override
    public final Streams streams(C config) {
        return type.equals("Source") ? Streams.source() : Streams.sink();
    }

    @Override
    public final Component create(C config) {
        return factory.apply(config);
    }
}
