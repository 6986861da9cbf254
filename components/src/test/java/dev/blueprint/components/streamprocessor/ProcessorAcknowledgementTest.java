package dev.blueprint.components.streamprocessor;

import static dev.blueprint.components.Runs.lines;
import static dev.blueprint.components.Runs.yamlPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blueprint.api.PipelineMetrics;
import dev.blueprint.components.testkit.TestRedis;
import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.testing.TestPipeline;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches, windows and joins keep what they hold unacknowledged: a Redis Stream entry waiting in a batch is still
 * pending in its consumer group (a crash now gives it again on restart), and it is acknowledged only once what it
 * became has been written.
 */
class ProcessorAcknowledgementTest {
    @TempDir
    Path dir;

    private final TestRedis redis = TestRedis.shared("processor-ack");

    @AfterEach
    void tearDown() {
        redis.close();
    }

    private Pipeline start(String processor, Path out) throws InterruptedException {
        return TestPipeline.start("""
                system:
                  name: processor_ack
                  shutdown_grace_period: 5
                  components:
                    - {name: in, type: Source, config: {variant: redis, url: "%s", mode: stream, stream: "%s", group: "%s", consumer: c1}}
                    - {name: other, type: Source, config: {variant: redis, url: "%s", mode: stream, stream: "%s", group: "%s", consumer: c1}}
                    - {name: p, type: StreamProcessor, config: %s}
                    - {name: out, type: Sink, config: {variant: file, path: %s}}
                  bindings:
                    - {from: in.output, to: p.%s}
                    - {from: other.output, to: p.%s}
                    - {from: p.output, to: out.input}
                """.formatted(redis.url(), redis.key("s"), redis.key("g"), redis.url(), redis.key("o"), redis.key("g"), processor,
                yamlPath(out), processor.contains("joining") ? "left" : "input", processor.contains("joining") ? "right" : "input"));
    }

    private void add(int n) {
        redis.sync().xadd(redis.key("s"), Map.of("data", "{\"n\":" + n + ",\"k\":\"a\"}"));
    }

    private long pending() {
        return redis.sync().xpending(redis.key("s"), redis.key("g")).getCount();
    }

    private static long in(Pipeline p, String component) {
        return p.metrics().components().stream().filter(c -> c.name().equals(component)).mapToLong(PipelineMetrics.ComponentStats::recordsIn)
                .sum();
    }

    private void check(String processor) throws Exception {
        Path out = dir.resolve("out.jsonl");
        Pipeline p = start(processor, out);
        try {
            add(1);
            add(2);
            await().atMost(Duration.ofSeconds(10)).until(() -> in(p, "p") == 2);
            // handed to the processor, waiting in it: not handled, so still pending in the group (while the source
            // acknowledges what was handled every half second)
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> pending() == 2);
            assertThat(lines(out)).isEmpty();
            add(3);
            await().atMost(Duration.ofSeconds(10)).until(() -> lines(out).size() == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> pending() == 0);
        } finally {
            p.stop();
            p.awaitCompletion();
        }
    }

    @Test
    void entriesWaitingInABatchStayPendingUntilTheBatchIsWritten() throws Exception {
        check("{variant: batch, size: 3, duration: 1h}");
    }

    @Test
    void entriesWaitingInAWindowStayPendingUntilItsResultIsWritten() throws Exception {
        check("{variant: window, size: 3}");
    }

    @Test
    void anEntryWaitingInAJoinStaysPendingUntilItsPairIsWritten() throws Exception {
        Path out = dir.resolve("out.jsonl");
        Pipeline p = start("{variant: joining, key: .data.k, window: 1h}", out);
        try {
            add(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> in(p, "p") == 1);
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> pending() == 1);
            redis.sync().xadd(redis.key("o"), Map.of("data", "{\"k\":\"a\"}"));
            await().atMost(Duration.ofSeconds(10)).until(() -> lines(out).size() == 1);
            // the pair is written, but the left entry stays in the window (it may pair again) until it expires
            assertThat(lines(out).get(0).get("left").get("data").get("n").asInt()).isEqualTo(1);
            await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(5)).until(() -> pending() == 1);
        } finally {
            p.stop();
            p.awaitCompletion();
        }
    }
}
