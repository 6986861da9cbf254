package dev.blueprint.components.redis;

import dev.blueprint.api.Component;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;

/** {@code Source} variant {@code redis}: redis pub/sub messages (SUBSCRIBE/PSUBSCRIBE) or Redis Stream entries read by a consumer group. */
public final class RedisSourceProvider implements VariantProvider<RedisSourceConfig> {
    @Override
    public String type() {
        return "Source";
    }

    @Override
    public String variant() {
        return "redis";
    }

    @Override
    public String description() {
        return "Redis pub/sub messages (SUBSCRIBE/PSUBSCRIBE) or Redis Stream entries read by a consumer group.";
    }

    @Override
    public Class<RedisSourceConfig> configType() {
        return RedisSourceConfig.class;
    }

    @Override
    public Streams streams(RedisSourceConfig config) {
        return Streams.source();
    }

    @Override
    public Component create(RedisSourceConfig config) {
        return config.mode() == RedisSourceConfig.Mode.STREAM ? new RedisStreamSource(config) : new RedisPubSubSource(config);
    }
}
