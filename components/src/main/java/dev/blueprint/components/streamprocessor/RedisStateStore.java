package dev.blueprint.components.streamprocessor;

import dev.blueprint.components.broker.Await;
import dev.blueprint.components.redis.RedisLink;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;

/**
 * A checkpoint under one Redis key, replaced by one SET (atomic in Redis). While the server is away the save fails and
 * the records it would have covered stay unacknowledged until a later checkpoint succeeds.
 */
final class RedisStateStore implements StateStore {
    private final RedisLink link;
    private final StatefulRedisConnection<String, String> connection;
    private final String key;

    RedisStateStore(String url, String key, String owner) throws Exception {
        this.link = RedisLink.create(owner, url);
        this.connection = link.connect();
        this.key = key;
    }

    @Override
    public byte[] load() throws ExecutionException, InterruptedException {
        String value = Await.result(connection.async().get(key), () -> false, null);
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void save(byte[] state) throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        // a bounded wait: a checkpoint that cannot be written is retried at the next one, with the records it covers held
        connection.async().set(key, new String(state, StandardCharsets.UTF_8)).get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public String display() {
        return link.display() + " key " + key;
    }

    @Override
    public void close() {
        link.close();
    }
}
