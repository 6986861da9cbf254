package dev.blueprint.components.redis;

import dev.blueprint.components.broker.ConnectorProvider;

/** {@code Source} variant {@code redis}: redis pub/sub messages (SUBSCRIBE/PSUBSCRIBE) or Redis Stream entries read by a consumer group. */
public final class RedisSourceProvider extends ConnectorProvider<RedisSourceConfig> {
    public RedisSourceProvider() {
        super("Source", "redis", "Redis pub/sub messages (SUBSCRIBE/PSUBSCRIBE) or Redis Stream entries read by a consumer group.", RedisSourceConfig.class,
                config -> config.mode() == RedisSourceConfig.Mode.STREAM ? new RedisStreamSource(config) : new RedisPubSubSource(config));
    }
}
