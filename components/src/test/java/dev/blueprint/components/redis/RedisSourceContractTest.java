package dev.blueprint.components.redis;

import dev.blueprint.api.ComponentProvider;
import dev.blueprint.components.source.SourceConfig;
import dev.blueprint.components.source.SourceProvider;
import dev.blueprint.testing.ComponentContractTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/** Both modes of the {@code Source} redis variant pass the component contract: they stop on request. */
class RedisSourceContractTest {

    @Nested
    class PubSub extends ComponentContractTest<SourceConfig> {
        private final TestRedis redis = TestRedis.shared("source-contract");

        @AfterEach
        void tearDown() {
            redis.close();
        }

        @Override
        protected ComponentProvider<SourceConfig> provider() {
            return new SourceProvider();
        }

        @Override
        protected SourceConfig config() {
            return bind("{\"variant\": \"redis\", \"url\": \"" + redis.url() + "\", \"patterns\": [\"" + redis.key("{id}") + "\"]}");
        }
    }

    @Nested
    class Stream extends ComponentContractTest<SourceConfig> {
        private final TestRedis redis = TestRedis.shared("source-contract");

        @AfterEach
        void tearDown() {
            redis.close();
        }

        @Override
        protected ComponentProvider<SourceConfig> provider() {
            return new SourceProvider();
        }

        @Override
        protected SourceConfig config() {
            return bind("{\"variant\": \"redis\", \"url\": \"" + redis.url() + "\", \"mode\": \"stream\", \"stream\": \""
                    + redis.key("s") + "\"}");
        }
    }
}
