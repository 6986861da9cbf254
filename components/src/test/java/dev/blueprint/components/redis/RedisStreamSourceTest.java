package dev.blueprint.components.redis;

import static dev.blueprint.components.Runs.lines;
import static dev.blueprint.components.Runs.yamlPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blueprint.components.Runs;
import dev.blueprint.components.testkit.TestRedis;
import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.testing.TestPipeline;
import io.lettuce.core.Consumer;
import io.lettuce.core.XReadArgs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisStreamSourceTest {
    @TempDir
    Path dir;

    private final TestRedis redis = TestRedis.shared("stream-source");

    @AfterEach
    void tearDown() {
        redis.close();
    }

    private String blueprint(String extra, Path out) {
        return """
                system:
                  name: redis_stream_test
                  shutdown_grace_period: 5
                  components:
                    - {name: in, type: Source, config: {variant: redis, url: "%s", mode: stream, stream: "%s", group: "%s", consumer: c1%s}}
                    - {name: out, type: Sink, config: {variant: file, path: %s}}
                  bindings:
                    - {from: in.output, to: out.input}
                """.formatted(redis.url(), redis.key("s"), redis.key("g"), extra, yamlPath(out));
    }

    private void add(int from, int to) {
        for (int n = from; n <= to; n++) {
            redis.sync().xadd(redis.key("s"), Map.of("data", "{\"n\":" + n + "}"));
        }
    }

    private static List<Integer> ns(Path file) {
        return lines(file).stream().map(r -> r.get("data").get("n").asInt()).toList();
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void aRestartedBlueprintResumesAfterTheLastAcknowledgedEntry() throws Exception {
        add(1, 100);

        Runs.run(blueprint(", count: 40", dir.resolve("run1.jsonl")));
        Runs.run(blueprint(", count: 60", dir.resolve("run2.jsonl")));

        assertThat(ns(dir.resolve("run1.jsonl"))).containsExactlyElementsOf(range(1, 40));
        assertThat(ns(dir.resolve("run2.jsonl"))).containsExactlyElementsOf(range(41, 100));
        assertThat(redis.sync().xpending(redis.key("s"), redis.key("g")).getCount()).isZero();
        assertThat(lines(dir.resolve("run1.jsonl")).get(0).get("stream").asText()).isEqualTo(redis.key("s"));
        assertThat(lines(dir.resolve("run1.jsonl")).get(0).get("id").asText()).matches("\\d+-\\d+");
    }

    @Test
    void aStoppedBlueprintResumesWithoutLossOrRepeatWhileEntriesKeepComing() throws Exception {
        add(1, 50);
        Pipeline first = TestPipeline.start(blueprint("", dir.resolve("run1.jsonl")));
        await().atMost(Duration.ofSeconds(10)).until(() -> lines(dir.resolve("run1.jsonl")).size() == 50);
        first.stop();
        assertThat(first.awaitCompletion().failure()).isNull();
        add(51, 120); // arrive while no blueprint runs

        Pipeline second = TestPipeline.start(blueprint("", dir.resolve("run2.jsonl")));
        add(121, 150);
        await().atMost(Duration.ofSeconds(10)).until(() -> lines(dir.resolve("run2.jsonl")).size() >= 100);
        second.stop();
        assertThat(second.awaitCompletion().failure()).isNull();

        assertThat(ns(dir.resolve("run1.jsonl"))).containsExactlyElementsOf(range(1, 50));
        assertThat(ns(dir.resolve("run2.jsonl"))).containsExactlyElementsOf(range(51, 150));
    }

    @Test
    void entriesReadButNeverHandedOnAreDeliveredFirstAfterARestart() throws Exception {
        add(1, 10);
        redis.sync().xgroupCreate(XReadArgs.StreamOffset.from(redis.key("s"), "0"), redis.key("g"));
        // a run that died after reading 1..3 and before handing them on: they are pending for c1
        redis.sync().xreadgroup(Consumer.from(redis.key("g"), "c1"), XReadArgs.Builder.count(3),
                XReadArgs.StreamOffset.lastConsumed(redis.key("s")));

        Runs.run(blueprint(", count: 10", dir.resolve("out.jsonl")));

        assertThat(ns(dir.resolve("out.jsonl"))).containsExactlyElementsOf(range(1, 10));
    }

    @Test
    void entriesWithOtherFieldsBecomeAnObjectOfStrings() throws Exception {
        redis.sync().xadd(redis.key("s"), Map.of("user", "alice", "action", "login"));

        Runs.run(blueprint(", count: 1", dir.resolve("out.jsonl")));

        assertThat(lines(dir.resolve("out.jsonl")).get(0).get("data"))
                .isEqualTo(Runs.json("{\"user\": \"alice\", \"action\": \"login\"}"));
    }
}
