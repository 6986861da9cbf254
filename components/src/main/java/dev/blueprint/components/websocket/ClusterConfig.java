package dev.blueprint.components.websocket;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import dev.blueprint.components.redis.RedisUrl;

/**
 * The {@code cluster} block of the WebSocket config: instances running the same blueprint share what they
 * broadcast through Redis pub/sub.
 *
 * @param redisUrl the Redis server every instance uses
 * @param channel the pub/sub channel the instances share
 */
public record ClusterConfig(
        @Doc("The Redis server every instance uses (default redis://127.0.0.1:6379).") String redisUrl,
        @Doc("The pub/sub channel the instances share (default blueprint:<system>:<component>).") String channel) {

    public ClusterConfig {
        redisUrl = RedisUrl.check("redis_url", redisUrl == null ? RedisUrl.DEFAULT : redisUrl);
        if (channel != null && channel.isBlank()) {
            throw new ConfigException("channel", "must not be empty; leave it out for blueprint:<system>:<component>");
        }
    }
}
