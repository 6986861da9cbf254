package dev.blueprint.components.redis;

import dev.blueprint.api.ComponentProvider;
import dev.blueprint.components.testkit.TestRedis;
import dev.blueprint.testing.ComponentContractTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/** Both modes of the {@code Source} redis variant pass the component contract: they stop on request. */
class RedisSourceContractTest {

    @Nested
    class PubSub extends ComponentContractTest<RedisSourceConfig> {
        private final TestRedis redis = TestRedis.shared("source-contract");

        @AfterEach
        void tearDown() {
            redis.close();
        }

        @Override
        protected ComponentProvider<RedisSourceConfig> provider() {
            return new RedisSourceProvider();
        }

        @Override
        protected RedisSourceConfig config() {
            return bind("{\"url\": \"" + redis.url() + "\", \"patterns\": [\"" + redis.key("{id}") + "\"]}");
        }
    }

    @Nested
    class Stream extends ComponentContractTest<RedisSourceConfig> {
        private final TestRedis redis = TestRedis.shared("source-contract");

        @AfterEach
        void tearDown() {
            redis.close();
        }

        @Override
        protected ComponentProvider<RedisSourceConfig> provider() {
            return new RedisSourceProvider();
        }

        @Override
        protected RedisSourceConfig config() {
            return bind("{\"url\": \"" + redis.url() + "\", \"mode\": \"stream\", \"stream\": \""
                    + redis.key("s") + "\"}");
        }
    }
}
