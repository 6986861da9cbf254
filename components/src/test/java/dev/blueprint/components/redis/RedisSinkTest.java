package dev.blueprint.components.redis;

import static dev.blueprint.components.Runs.lines;
import static dev.blueprint.components.Runs.yamlPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blueprint.components.Runs;
import dev.blueprint.components.testkit.TestRedis;
import io.lettuce.core.StreamMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisSinkTest {
    @TempDir
    Path dir;

    private final TestRedis redis = TestRedis.shared("sink");

    @AfterEach
    void tearDown() {
        redis.close();
    }

    private String blueprint(String template, String sinkConfig) {
        return """
                system:
                  name: redis_sink_test
                  components:
                    - {name: gen, type: Source, config: {rate: 0, count: %s}}
                    - {name: out, type: Sink, config: {variant: redis, url: "%s", %s}}
                    - {name: errors, type: Sink, config: {variant: file, path: %s}}
                  bindings:
                    - {from: gen.output, to: out.input}
                    - {from: out.errors, to: errors.input}
                """.formatted(template, redis.url(), sinkConfig, yamlPath(dir.resolve("errors.jsonl")));
    }

    @Test
    void publishesToTheChannelFilledFromEachRecord() throws Exception {
        List<String[]> got = redis.psubscribe(redis.key("session:*:up"));
        String channel = redis.key("session:{session_id}:up");

        Runs.run(blueprint("""
                3, template: {session_id: "s{{seq}}", data: {n: "{{seq}}"}}""", "channel: \"" + channel + "\", payload_field: data"));

        await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 3);
        assertThat(got).extracting(m -> m[0] + " " + m[1]).containsExactly(
                redis.key("session:s1:up") + " {\"n\":1}",
                redis.key("session:s2:up") + " {\"n\":2}",
                redis.key("session:s3:up") + " {\"n\":3}");
    }

    @Test
    void aRecordWithoutTheTemplateFieldGoesToErrors() throws Exception {
        Runs.Finished run = Runs.run(blueprint("2, template: {n: \"{{seq}}\"}", "channel: \"" + redis.key("s:{session_id}") + "\""));

        assertThat(run.stats("out").errors()).isEqualTo(2);
        assertThat(lines(dir.resolve("errors.jsonl"))).hasSize(2).first().satisfies(e ->
                assertThat(e.get("error").asText()).contains("record has no text or number field 'session_id'"));
    }

    @Test
    void xaddKeepsTheStreamAtMaxlen() throws Exception {
        String stream = redis.key("events");

        Runs.Finished run = Runs.run(blueprint("50, template: {n: \"{{seq}}\"}", "stream: \"" + stream + "\", maxlen: 10"));

        assertThat(run.stats("out").errors()).isZero();
        assertThat(redis.sync().xlen(stream)).isEqualTo(10);
        List<StreamMessage<String, String>> entries = redis.sync().xrange(stream, io.lettuce.core.Range.create("-", "+"));
        assertThat(entries).extracting(m -> m.getBody().get("data")).containsExactly(
                "{\"n\":41}", "{\"n\":42}", "{\"n\":43}", "{\"n\":44}", "{\"n\":45}",
                "{\"n\":46}", "{\"n\":47}", "{\"n\":48}", "{\"n\":49}", "{\"n\":50}");
    }
}
