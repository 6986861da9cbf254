package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blueprint.components.testkit.KafkaTestServer;
import dev.blueprint.components.testkit.PostgresTestServer;
import dev.blueprint.components.testkit.SharedBrokers;
import dev.blueprint.components.testkit.TestBroker;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Services start in any order (Compose, Kubernetes): a run whose broker or database is not up yet starts all the same,
 * shows the outage on {@code /metrics} and {@code /ready}, and writes and reads once the server comes up, counting one
 * outage. Through the CLI jar, with the suite's own servers, stopped before the run and started under it.
 */
@Timeout(120)
class StartBeforeBrokerIT {
    @TempDir
    Path dir;

    private final String id = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aKafkaPipelineStartedBeforeItsBrokerWritesAndReadsOnceTheBrokerIsUpCountingOneOutage() throws Exception {
        KafkaTestServer kafka = SharedBrokers.kafka();
        String topic = "early-" + id;
        kafka.createTopic(topic, 2, Map.of());
        Path out = dir.resolve("out.jsonl");
        Path bp = CliRunner.write(dir, "kafka.yaml", """
                system:
                  name: kafka_early
                  components:
                    - {name: gen, type: Source, config: {rate: 50, count: 20, template: {n: "{{seq}}"}}}
                    - {name: publish, type: Sink, config: {variant: kafka, bootstrap_servers: "%1$s", topic: %2$s, connect_timeout: 2s}}
                    - {name: consume, type: Source, config: {variant: kafka, bootstrap_servers: "%1$s", topics: [%2$s], connect_timeout: 2s,
                       commit_interval: 200ms}}
                    - {name: out, type: Sink, config: {variant: file, path: "%3$s"}}
                  bindings:
                    - {from: gen, to: publish}
                    - {from: consume, to: out}
                """.formatted(kafka.url(), topic, out));
        startsFirst(kafka, bp, out, new String[] {"data", "n"}, "publish", "consume");
    }

    @Test
    void aPostgresPipelineStartedBeforeItsDatabaseWritesAndReadsOnceTheDatabaseIsUpCountingOneOutage() throws Exception {
        PostgresTestServer postgres = SharedBrokers.postgres();
        String table = "early_" + id;
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id bigserial PRIMARY KEY, n bigint NOT NULL)");
        }
        Path out = dir.resolve("out.jsonl");
        Path bp = CliRunner.write(dir, "postgres.yaml", """
                system:
                  name: pg_early
                  components:
                    - {name: gen, type: Source, config: {rate: 50, count: 20, template: {n: "{{seq}}"}}}
                    - {name: publish, type: Sink, config: {variant: postgres, url: "%1$s", table: %2$s, columns: {n: ".n | tonumber"},
                       batch_size: 5, connect_timeout: 2s}}
                    - {name: consume, type: Source, config: {variant: postgres, url: "%1$s", query: "SELECT id, n FROM %2$s WHERE id > :last ORDER BY id",
                       cursor: id, interval: 100ms, connect_timeout: 2s}}
                    - {name: out, type: Sink, config: {variant: file, path: "%3$s"}}
                  bindings:
                    - {from: gen, to: publish}
                    - {from: consume, to: out}
                """.formatted(postgres.url(), table, out));
        startsFirst(postgres, bp, out, new String[] {"n"}, "publish", "consume");
    }

    /**
     * Stops the server, starts the run, checks that it waits and says so, starts the server, and awaits every record
     * (n = 1..20 at {@code field} of the lines in {@code out}).
     */
    private void startsFirst(TestBroker server, Path blueprint, Path out, String[] field, String... connectors) throws Exception {
        server.stop();
        await("the server is down").atMost(Duration.ofSeconds(20)).until(() -> !server.accepting());
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", blueprint.toString())) {
            // started (it used to exit 1 at start), one outage per connector, not ready while the server is away
            for (String c : connectors) {
                await(c + "'s outage on /metrics").atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(metric(run.metrics(), "connector_outages_total", c)).isEqualTo(1.0));
                assertThat(metric(run.metrics(), "connector_up", c)).as(c + " up").isEqualTo(0.0);
            }
            assertThat(CliRunner.httpGet(run.opsPort(), "/ready").statusCode()).isEqualTo(503);
            server.start();
            await("every record written and read back").atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(JsonLines.distinct(out, field))
                    .as(run.stderr()).containsAll(LongStream.rangeClosed(1, 20).boxed().collect(Collectors.toSet())));
            for (String c : connectors) {
                await(c + " up again").atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(metric(run.metrics(), "connector_up", c)).isEqualTo(1.0));
                assertThat(metric(run.metrics(), "connector_outages_total", c)).as(c + ": the one outage at start").isEqualTo(1.0);
            }
            await("ready").atMost(Duration.ofSeconds(15)).until(() -> CliRunner.httpGet(run.opsPort(), "/ready").statusCode() == 200);
            run.signal("TERM");
            var result = run.await(Duration.ofSeconds(30));
            assertThat(result.exitCode()).as(result.toString()).isZero();
        } finally {
            if (!server.running() || !server.accepting()) {
                server.start();
            }
        }
    }

    /** The value of {@code name} for {@code component} in a Prometheus text page; fails when it is not there. */
    private static double metric(String page, String name, String component) {
        return CliRunner.metric(page, name, "component", component)
                .orElseThrow(() -> new AssertionError(name + " of " + component + " is not on /metrics:\n" + page));
    }
}
