package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.blueprint.components.testkit.RabbitMqTestServer;
import dev.blueprint.components.testkit.SharedBrokers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The amqp Source and Sink variants through the CLI jar against the suite's own RabbitMQ node (guest/guest),
 * each test on a queue of its own (deleted afterwards).
 */
@Timeout(240)
class AmqpIT {
    private static final int RECORDS = 1500;
    private static final String CONNECTOR_DOWN = "connector_up\\{[^}]*component=\"%s\"[^}]*} 0";

    @TempDir
    Path dir;

    @Test
    void brokerRestartMidStreamLosesNoRecordAndIsCountedAsAnOutage() throws Exception {
        String queue = "bp-it-" + UUID.randomUUID().toString().substring(0, 8);
        Path out = dir.resolve("out.jsonl");
        RabbitMqTestServer server = SharedBrokers.rabbitMq();
        Path bp = CliRunner.write(dir, "amqp.yaml", """
                system:
                  name: amqp_restart
                  shutdown_grace_period: 10s
                  components:
                    - {name: gen, type: Source, config: {rate: 100, count: %d, template: {n: "{{seq}}"}}}
                    - {name: publish, type: Sink, config: {variant: amqp, url: "%s", routing_key: %s, declare_queues: [%s]}}
                    - {name: consume, type: Source, config: {variant: amqp, url: "%s", queue: %s}}
                    - {name: out, type: Sink, config: {variant: file, path: "%s"}}
                  bindings:
                    - {from: gen, to: publish, capacity: 16}
                    - {from: consume, to: out}
                """.formatted(RECORDS, server.url(), queue, queue, server.url(), queue, out));
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", bp.toString())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> JsonLines.distinct(out, "data", "n").size() >= 50);
            server.stop();
            // the run has seen the broker go: both connectors are down on /metrics
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(run.metrics())
                    .containsPattern(CONNECTOR_DOWN.formatted("publish")).containsPattern(CONNECTOR_DOWN.formatted("consume")));
            server.start();
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(JsonLines.distinct(out, "data", "n"))
                    .as(run.stderr()).hasSize(RECORDS));
            run.signal("TERM");
            var result = run.await(Duration.ofSeconds(30));
            assertThat(result.exitCode()).as(result.toString()).isZero();
            String redacted = Pattern.quote(server.url().replace("guest:guest@", "guest:***@"));
            CliRunner.assertThatLog(result).containsPattern("publish - " + redacted + ": [1-9]\\d* outage\\(s\\) ridden out")
                    .containsPattern("consume - " + redacted + ": [1-9]\\d* outage\\(s\\) ridden out")
                    .doesNotContain("guest:guest@");
        } finally {
            if (!server.running()) {
                server.start();
            }
            deleteQueue(queue);
        }
    }

    private static ConnectionFactory factory() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(SharedBrokers.rabbitMq().url());
        return factory;
    }

    private static void deleteQueue(String queue) {
        try (Connection c = factory().newConnection(); Channel ch = c.createChannel()) {
            ch.queueDelete(queue);
        } catch (Exception e) {
            // the queue was never declared
        }
    }

    @Test
    void badCredentialsAreAStartErrorNamingTheUrlWithoutThePassword() {
        Path bp = CliRunner.write(dir, "bad.yaml", """
                system:
                  name: amqp_bad
                  components:
                    - {name: consume, type: Source, config: {variant: amqp, url: "amqp://guest:wr0ng@127.0.0.1:%d/%%2f", queue: q}}
                    - {name: out, type: Sink}
                  bindings:
                    - {from: consume, to: out}
                """.formatted(SharedBrokers.rabbitMq().port()));
        var result = CliRunner.run("run", bp.toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        CliRunner.assertThatLog(result).contains("cannot connect to AMQP broker amqp://guest:***@127.0.0.1:" + SharedBrokers.rabbitMq().port() + "/%2f").doesNotContain("wr0ng");
    }
}
