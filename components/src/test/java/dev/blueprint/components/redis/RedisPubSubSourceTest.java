package dev.blueprint.components.redis;

import static dev.blueprint.components.Runs.lines;
import static dev.blueprint.components.Runs.yamlPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.components.Runs;
import dev.blueprint.components.testkit.RedisTestServer;
import dev.blueprint.components.testkit.TestRedis;
import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.runtime.validate.Problem;
import dev.blueprint.testing.TestPipeline;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisPubSubSourceTest {
    @TempDir
    Path dir;

    private final TestRedis redis = TestRedis.shared("pubsub-source");
    private Pipeline pipeline;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (pipeline != null) {
            pipeline.stop();
            pipeline.awaitCompletion();
        }
        redis.close();
    }

    private String blueprint(String config) {
        return """
                system:
                  name: redis_pubsub_test
                  shutdown_grace_period: 5
                  components:
                    - {name: in, type: Source, config: {variant: redis, url: "%s", %s}}
                    - {name: out, type: Sink, config: {variant: file, path: %s}}
                  bindings:
                    - {from: in.output, to: out.input}
                """.formatted(redis.url(), config, yamlPath(dir.resolve("out.jsonl")));
    }

    @Test
    void patternPlaceholdersCaptureIntoRecordFields() throws Exception {
        String template = redis.key("session:{session_id}:down");
        pipeline = TestPipeline.start(blueprint("patterns: [\"" + template + "\"], channels: [\"" + redis.key("news") + "\"]"));

        redis.sync().publish(redis.key("session:abc-123:down"), "{\"type\":\"data\",\"payload\":\"Hello from Redis!\"}");
        redis.sync().publish(redis.key("news"), "plain text");
        redis.sync().publish(redis.key("other:abc:down"), "{\"not\":\"matched\"}");

        await().atMost(Duration.ofSeconds(5)).until(() -> lines(dir.resolve("out.jsonl")).size() >= 2);
        List<JsonNode> got = lines(dir.resolve("out.jsonl"));
        assertThat(got).hasSize(2);
        assertThat(got.get(0)).isEqualTo(Runs.json("""
                {"channel": "%s", "pattern": "%s", "session_id": "abc-123",
                 "data": {"type": "data", "payload": "Hello from Redis!"}}""".formatted(redis.key("session:abc-123:down"), template)));
        assertThat(got.get(1)).isEqualTo(Runs.json("""
                {"channel": "%s", "data": "plain text"}""".formatted(redis.key("news"))));
        assertThat(pipeline.readiness().notReady()).isEmpty();
    }

    @Test
    void aFloodThroughFullQueuesIntoRedisSinksNeverStallsTheSinks() throws Exception {
        int n = 3000;
        List<String[]> one = redis.psubscribe(redis.key("out1"));
        List<String[]> two = redis.psubscribe(redis.key("out2"));
        pipeline = TestPipeline.start("""
                system:
                  name: redis_flood
                  shutdown_grace_period: 5
                  components:
                    - {name: in, type: Source, config: {variant: redis, url: "%s", channels: ["%s"]}}
                    - {name: out1, type: Sink, config: {variant: redis, url: "%s", channel: "%s", payload_field: data}}
                    - {name: out2, type: Sink, config: {variant: redis, url: "%s", channel: "%s", payload_field: data}}
                  bindings:
                    - {from: in.output, to: out1.input, capacity: 1}
                    - {from: in.output, to: out2.input, capacity: 1}
                """.formatted(redis.url(), redis.key("in"), redis.url(), redis.key("out1"), redis.url(), redis.key("out2")));

        for (int i = 1; i <= n; i++) {
            redis.async().publish(redis.key("in"), String.valueOf(i));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> one.size() == n && two.size() == n);
        assertThat(one).extracting(m -> Integer.parseInt(m[1])).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, n).boxed().toList());
    }

    @Test
    void countEndsTheSource() throws Exception {
        pipeline = TestPipeline.start(blueprint("channels: [\"" + redis.key("c") + "\"], count: 2"));
        for (int i = 1; i <= 3; i++) {
            redis.sync().publish(redis.key("c"), String.valueOf(i));
        }

        assertThat(pipeline.awaitCompletion().failure()).isNull();
        assertThat(lines(dir.resolve("out.jsonl"))).extracting(r -> r.get("data").asInt()).containsExactly(1, 2);
        pipeline = null;
    }

    @Test
    void badUrlAndTemplatesAreReportedAtTheirPlace() {
        List<Problem> problems = TestPipeline.problems("""
                system:
                  name: bad
                  components:
                    - name: in
                      type: Source
                      config:
                        variant: redis
                        url: "http://localhost:6379"
                    - name: in2
                      type: Source
                      config:
                        variant: redis
                        patterns: ["session:{session id}:down"]
                    - name: in3
                      type: Source
                      config: {variant: redis}
                    - name: in4
                      type: Source
                      config: {variant: redis, mode: stream}
                    - name: out
                      type: Sink
                      config: {variant: redis, url: "redis://", channel: "x"}
                  bindings:
                    - {from: in, to: out}
                    - {from: in2, to: out}
                    - {from: in3, to: out}
                    - {from: in4, to: out}
                """);

        assertThat(problems).extracting(Problem::toString).anySatisfy(p -> assertThat(p)
                .contains("test.yaml:8:", "in.config.url must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379, was 'http://localhost:6379'"));
        assertThat(problems).extracting(Problem::toString).anySatisfy(p -> assertThat(p)
                .contains("test.yaml:13:", "in2.config.patterns 'session:{session id}:down': a placeholder is {name}"));
        assertThat(problems).extracting(Problem::toString).anySatisfy(p -> assertThat(p)
                .contains("in3.config.channels or patterns is required for variant: redis"));
        assertThat(problems).extracting(Problem::toString).anySatisfy(p -> assertThat(p)
                .contains("in4.config.stream is required for mode: stream"));
        assertThat(problems).extracting(Problem::toString).anySatisfy(p -> assertThat(p)
                .contains("out.config.url is not a valid Redis URL"));
    }

    @Test
    void aServerThatIsNotThereYetIsAnOutageAndTheSourceSubscribesOnceItComes() throws Exception {
        try (RedisTestServer server = new RedisTestServer(dir.resolve("late-redis"))) {
            server.stop();
            Path out = dir.resolve("late.jsonl");
            pipeline = TestPipeline.start("""
                    system:
                      name: redis_late
                      components:
                        - {name: in, type: Source, config: {variant: redis, url: "%s", channels: [late], backoff: {initial: 50ms, max: 200ms}}}
                        - {name: out, type: Sink, config: {variant: file, path: %s}}
                      bindings:
                        - {from: in, to: out}
                    """.formatted(server.url(), yamlPath(out)));
            // the run started; the source waits for its server, not ready meanwhile, and counts one outage
            assertThat(pipeline.readiness().notReady()).contains("in: redis " + server.url());
            assertThat(pipeline.meters().scrape()).containsPattern("connector_outages_total\\{broker=\"[^\"]+\",component=\"in\"} 1.0");

            server.start();
            try (TestRedis late = TestRedis.at(server.url(), "late")) {
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    late.sync().publish("late", "{\"n\":1}");
                    return !lines(out).isEmpty();
                });
            }
            assertThat(pipeline.readiness().notReady()).isEmpty();
            assertThat(pipeline.meters().scrape()).containsPattern("connector_outages_total\\{broker=\"[^\"]+\",component=\"in\"} 1.0");
        }
    }
}
