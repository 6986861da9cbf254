package dev.blueprint.components.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blueprint.api.PipelineMetrics.ComponentStats;
import dev.blueprint.components.Runs;
import dev.blueprint.components.testkit.RedisTestServer;
import dev.blueprint.components.testkit.TestRedis;
import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.testing.TestPipeline;
import io.lettuce.core.Range;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server killed (SIGKILL, so connections are reset) and restarted under the sink while commands are in
 * flight, on a server of the test's own: the command Lettuce fails with the reset is sent again, so every
 * record reaches the stream (an append-only file with fsync on every write keeps what Redis acknowledged).
 */
@Timeout(120)
class RedisSinkReconnectTest {
    private static final int RECORDS = 30_000;

    @TempDir
    Path dir;

    @Test
    void recordsInFlightWhenRedisIsKilledAreSentAgain() throws Exception {
        Files.createDirectories(dir.resolve("redis"));
        try (RedisTestServer server = new RedisTestServer(dir.resolve("redis"));
                TestRedis redis = TestRedis.at(server.url(), "sink-reconnect")) {
            Pipeline p = TestPipeline.start("""
                    system:
                      name: redis_sink_reconnect
                      components:
                        - {name: gen, type: Source, config: {rate: 5000, count: %d, template: {n: "{{seq}}"}}}
                        - {name: out, type: Sink, config: {variant: redis, url: "%s", stream: "%s"}}
                      bindings:
                        - {from: gen.output, to: out.input}
                    """.formatted(RECORDS, server.url(), redis.key("s")));
            // paced, so that the four kills (one per 2,000 records handed on) all fall inside the 30,000: at full
            // speed the sink could hand on the rest between two kills and the next wait could never end
            int kills = 0;
            while (kills < 4) {
                long before = stats(p, "out").recordsIn();
                await().atMost(Duration.ofSeconds(30)).until(() -> stats(p, "out").recordsIn() > before + 2000);
                server.kill();
                server.start();
                kills++;
            }
            assertThat(p.awaitCompletion().failure()).isNull();

            assertThat(stats(p, "out").errors()).isZero();
            Set<Integer> written = redis.sync().xrange(redis.key("s"), Range.create("-", "+")).stream()
                    .map(m -> Runs.json(m.getBody().get("data")).get("n").asInt()).collect(Collectors.toSet());
            assertThat(written).isEqualTo(IntStream.rangeClosed(1, RECORDS).boxed().collect(Collectors.toSet()));
        }
    }

    private static ComponentStats stats(Pipeline p, String name) {
        return p.metrics().components().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
