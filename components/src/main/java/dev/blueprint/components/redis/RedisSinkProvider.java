package dev.blueprint.components.redis;

import dev.blueprint.api.Component;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;

/** {@code Sink} variant {@code redis}: pUBLISHes records to a Redis channel or XADDs them to a Redis Stream. */
public final class RedisSinkProvider implements VariantProvider<RedisSinkConfig> {
    @Override
    public String type() {
        return "Sink";
    }

    @Override
    public String variant() {
        return "redis";
    }

    @Override
    public String description() {
        return "PUBLISHes records to a Redis channel or XADDs them to a Redis Stream.";
    }

    @Override
    public Class<RedisSinkConfig> configType() {
        return RedisSinkConfig.class;
    }

    @Override
    public Streams streams(RedisSinkConfig config) {
        return Streams.sink();
    }

    @Override
    public Component create(RedisSinkConfig config) {
        return new RedisSink(config);
    }
}
