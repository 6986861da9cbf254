package dev.blueprint.components.redis;

import dev.blueprint.components.broker.ConnectorProvider;

/** {@code Sink} variant {@code redis}: pUBLISHes records to a Redis channel or XADDs them to a Redis Stream. */
public final class RedisSinkProvider extends ConnectorProvider<RedisSinkConfig> {
    public RedisSinkProvider() {
        super("Sink", "redis", "PUBLISHes records to a Redis channel or XADDs them to a Redis Stream.", RedisSinkConfig.class,
                RedisSink::new);
    }
}
