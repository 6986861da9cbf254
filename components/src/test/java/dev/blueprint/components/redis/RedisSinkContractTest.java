package dev.blueprint.components.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.api.ComponentProvider;
import dev.blueprint.components.testkit.TestRedis;
import dev.blueprint.testing.ComponentContractTest;
import io.lettuce.core.Range;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code Sink} redis variant passes the component contract against the real Redis. */
class RedisSinkContractTest extends ComponentContractTest<RedisSinkConfig> {
    private final TestRedis redis = TestRedis.shared("sink-contract");

    @AfterEach
    void tearDown() {
        redis.close();
    }

    @Override
    protected ComponentProvider<RedisSinkConfig> provider() {
        return new RedisSinkProvider();
    }

    @Override
    protected RedisSinkConfig config() {
        return bind("{\"url\": \"" + redis.url() + "\", \"stream\": \"" + redis.key("s") + "\", \"maxlen\": 2}");
    }

    @Test
    void appendsTheSampleRecordsKeepingMaxlen() throws Exception {
        runWithSampleRecords();
        assertThat(redis.sync().xrange(redis.key("s"), Range.create("-", "+"))).extracting(m -> m.getBody().get("data"))
                .containsExactly("{\"n\":2,\"text\":\"two\"}", "{\"n\":3,\"text\":\"three\"}");
    }
}
