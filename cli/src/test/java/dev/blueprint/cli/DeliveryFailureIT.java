package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blueprint.components.testkit.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write the broker refuses is never acknowledged upstream, through the CLI jar. A Redis Stream read by a consumer
 * group and appended to a key Redis refuses (a string, not a stream: WRONGTYPE): without a dead letter the entries stay
 * pending and are claimed again after {@code min_idle} until the write goes through; with the sink's {@code errors}
 * bound they go there, and count as handled. An AMQP queue copied into one whose broker nacks what does not fit
 * ({@code x-overflow: reject-publish}): the source nacks with requeue and the messages come again until they fit.
 */
@Timeout(120)
class DeliveryFailureIT {
    private static final int ENTRIES = 20;

    @TempDir
    Path dir;

    private Path blueprint(TestRedis redis, String deadLetter) {
        return CliRunner.write(dir, "refused.yaml", """
                system:
                  name: refused
                  shutdown_grace_period: 5s
                  components:
                    - {name: in, type: Source, config: {variant: redis, url: "%s", mode: stream, stream: "%s", group: g, min_idle: 300ms}}
                    - {name: copy, type: Sink, config: {variant: redis, url: "%s", stream: "%s", payload_field: data}}
                    %s
                  bindings:
                    - {from: in, to: copy}
                    %s
                """.formatted(redis.url(), redis.key("in"), redis.url(), redis.key("out"),
                deadLetter == null ? "" : "- {name: dead, type: Sink, config: {variant: file, path: \"" + deadLetter + "\"}}",
                deadLetter == null ? "" : "- {from: copy.errors, to: dead.input}"));
    }

    private static void fill(TestRedis redis) {
        redis.sync().set(redis.key("out"), "not a stream"); // XADD to it: WRONGTYPE
        for (long n = 1; n <= ENTRIES; n++) {
            redis.sync().xadd(redis.key("in"), Map.of("data", "{\"n\":" + n + "}"));
        }
    }

    private static long pending(TestRedis redis) {
        return redis.sync().xpending(redis.key("in"), "g").getCount();
    }

    @Test
    void refusedWritesStayPendingAndAreClaimedAgainUntilTheyGoThrough() throws Exception {
        try (TestRedis redis = TestRedis.shared("refused-redelivered")) {
            fill(redis);
            try (CliRunner.Running run = CliRunner.start(Map.of(), "run", blueprint(redis, null).toString())) {
                run.ready();
                // refused, and not acknowledged: every entry is still pending, and delivered more than once
                await().atMost(Duration.ofSeconds(30)).until(() -> pending(redis) == ENTRIES
                        && redis.sync().xpending(redis.key("in"), "g", io.lettuce.core.Range.create("-", "+"),
                                io.lettuce.core.Limit.from(ENTRIES)).stream().allMatch(m -> m.getRedeliveryCount() >= 2));
                assertThat(redis.sync().type(redis.key("out"))).isEqualTo("string");

                redis.sync().del(redis.key("out")); // the cause goes away: the next claim writes them
                await().atMost(Duration.ofSeconds(30)).until(() -> redis.sync().exists(redis.key("out")) == 1
                        && distinct(redis).size() == ENTRIES && pending(redis) == 0);
                assertThat(distinct(redis)).isEqualTo(LongStream.rangeClosed(1, ENTRIES).boxed().collect(Collectors.toSet()));
                run.signal("TERM");
                var result = run.await(Duration.ofSeconds(30));
                assertThat(result.exitCode()).as(result.toString()).isZero();
                CliRunner.assertThatLog(result).contains("delivery_failed").contains("WRONGTYPE");
            }
        }
    }

    @Test
    void refusedWritesGoToTheSinksErrorsWhenBoundAndCountAsHandled() throws Exception {
        Path dead = dir.resolve("dead.jsonl");
        try (TestRedis redis = TestRedis.shared("refused-dead-letter")) {
            fill(redis);
            try (CliRunner.Running run = CliRunner.start(Map.of(), "run", blueprint(redis, dead.toString()).toString())) {
                await().atMost(Duration.ofSeconds(30)).until(() -> JsonLines.distinct(dead, "record", "data", "n").size() == ENTRIES);
                // dead-lettered is handled: the source acknowledged every entry, and the refused key is untouched
                await().atMost(Duration.ofSeconds(10)).until(() -> pending(redis) == 0);
                assertThat(redis.sync().type(redis.key("out"))).isEqualTo("string");
                assertThat(java.nio.file.Files.readString(dead)).contains("\"kind\":\"delivery_failed\"").contains("WRONGTYPE");
                run.signal("TERM");
                assertThat(run.await(Duration.ofSeconds(30)).exitCode()).isZero();
            }
        }
    }

    @Test
    void messagesABrokerNacksAreNackedBackToTheirAmqpSourceAndRedeliveredUntilTheyFit() throws Exception {
        String id = java.util.UUID.randomUUID().toString().substring(0, 8);
        String src = "refused-src-" + id;
        String dst = "refused-dst-" + id;
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        String url = dev.blueprint.components.testkit.SharedBrokers.rabbitMq().url();
        factory.setUri(url);
        try (com.rabbitmq.client.Connection connection = factory.newConnection(); com.rabbitmq.client.Channel ch = connection.createChannel()) {
            ch.queueDeclare(src, true, false, false, null);
            // a queue that holds two messages and has the broker nack (reject-publish) whatever comes on top
            ch.queueDeclare(dst, true, false, false, Map.of("x-max-length", 2, "x-overflow", "reject-publish"));
            for (int n = 1; n <= 10; n++) {
                ch.basicPublish("", src, null, ("{\"n\":" + n + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            Path bp = CliRunner.write(dir, "nacked.yaml", """
                    system:
                      name: nacked
                      components:
                        - {name: in, type: Source, config: {variant: amqp, url: "%s", queue: %s, prefetch: 10}}
                        - {name: copy, type: Sink, config: {variant: amqp, url: "%s", routing_key: %s, retries: 1, backoff: 20ms}}
                      bindings:
                        - {from: in, to: copy}
                    """.formatted(url, src, url, dst));
            try (CliRunner.Running run = CliRunner.start(Map.of(), "run", bp.toString())) {
                run.ready();
                java.util.Set<Long> got = new java.util.TreeSet<>();
                java.util.List<Boolean> redelivered = new java.util.ArrayList<>();
                // drained slowly: two fit at a time, the others are nacked by the broker and requeued at the source meanwhile
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    com.rabbitmq.client.GetResponse r = ch.basicGet(dst, true);
                    if (r != null) {
                        var record = JsonClient.parse(new String(r.getBody(), java.nio.charset.StandardCharsets.UTF_8));
                        got.add(record.path("data").path("n").asLong());
                        redelivered.add(record.path("redelivered").asBoolean());
                    }
                    return got.size() == 10;
                });
                assertThat(got).isEqualTo(LongStream.rangeClosed(1, 10).boxed().collect(Collectors.toSet()));
                assertThat(redelivered).as("some came back to the source by basic.nack with requeue").contains(true);
                await().atMost(Duration.ofSeconds(10)).until(() -> ch.messageCount(src) == 0);
                run.signal("TERM");
                assertThat(run.await(Duration.ofSeconds(30)).exitCode()).isZero();
            } finally {
                ch.queueDelete(src);
                ch.queueDelete(dst);
            }
        }
    }

    private static Set<Long> distinct(TestRedis redis) {
        return redis.sync().xrange(redis.key("out"), io.lettuce.core.Range.create("-", "+")).stream()
                .map(m -> Long.parseLong(m.getBody().get("data").replaceAll("\\D", ""))).collect(Collectors.toSet());
    }
}
