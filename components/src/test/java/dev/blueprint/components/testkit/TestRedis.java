package dev.blueprint.components.testkit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test's own view of a real Redis server: the suite's ({@link SharedBrokers#redis()}) or one the test
 * started ({@link dev.blueprint.components.testkit.RedisTestServer}); a key prefix no other test uses; a
 * client for arranging and checking. Deletes the keys under its prefix when closed.
 */
public final class TestRedis implements AutoCloseable {
    private final String url;
    private final String prefix;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private TestRedis(String url, String testName) {
        this.url = url;
        this.prefix = "bp-test:" + testName + ":" + UUID.randomUUID().toString().substring(0, 8) + ":";
        this.client = RedisClient.create(url);
        this.connection = client.connect();
    }

    /** The suite's own server, started on first use (the test is skipped when redis-server is missing). */
    public static String sharedUrl() {
        return SharedBrokers.redis().url();
    }

    /** A view of the suite's server for the test {@code testName}. */
    public static TestRedis shared(String testName) {
        return new TestRedis(sharedUrl(), testName);
    }

    /** A view of {@code url} for the test {@code testName}. */
    public static TestRedis at(String url, String testName) {
        return new TestRedis(url, testName);
    }

    /** The server's URL. */
    public String url() {
        return url;
    }

    /** {@code name} under this test's prefix. */
    public String key(String name) {
        return prefix + name;
    }

    /** Synchronous commands. */
    public RedisCommands<String, String> sync() {
        return connection.sync();
    }

    /** Asynchronous commands (pipelined). */
    public io.lettuce.core.api.async.RedisAsyncCommands<String, String> async() {
        return connection.async();
    }

    /** Subscribes to a pattern (a glob) and collects {@code channel -> message} pairs as they come. */
    public List<String[]> psubscribe(String glob) {
        List<String[]> got = new CopyOnWriteArrayList<>();
        StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
        sub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String channel, String message) {
                got.add(new String[] {channel, message});
            }
        });
        sub.sync().psubscribe(glob);
        return got;
    }

    @Override
    public void close() {
        try {
            List<String> keys = connection.sync().keys(prefix + "*");
            if (!keys.isEmpty()) {
                connection.sync().del(keys.toArray(String[]::new));
            }
        } catch (RuntimeException e) {
            // the server may be gone (a stopped RedisTestServer): nothing left to clean
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
