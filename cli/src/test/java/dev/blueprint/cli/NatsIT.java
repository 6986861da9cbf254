package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blueprint.components.testkit.NatsTestServer;
import dev.blueprint.components.testkit.SharedBrokers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nats Source and Sink variants through the CLI jar against a NATS server of the test's own with JetStream
 * (the suite's, or one it stops and starts), each test on a subject and stream of its own.
 */
@Timeout(180)
class NatsIT {
    private static final int RECORDS = 600;
    private static final String CONNECTOR_DOWN = "connector_up\\{[^}]*component=\"%s\"[^}]*} 0";

    @TempDir
    Path dir;

    @Test
    void serverRestartMidStreamLosesNoJetStreamRecordAndIsCountedAsAnOutage() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String stream = "BPIT_" + id;
        Path out = dir.resolve("out.jsonl");
        try (NatsTestServer server = new NatsTestServer(dir.resolve("nats"))) {
            Path bp = CliRunner.write(dir, "nats.yaml", """
                    system:
                      name: nats_restart
                      shutdown_grace_period: 10s
                      components:
                        - {name: gen, type: Source, config: {rate: 100, count: %d, template: {n: "{{seq}}"}}}
                        - {name: publish, type: Sink, config: {variant: nats, url: "%s", subject: "bpit.%s.readings", jetstream: true}}
                        - {name: consume, type: Source, config: {variant: nats, url: "%s", subject: "bpit.%s.>", stream: %s}}
                        - {name: out, type: Sink, config: {variant: file, path: "%s"}}
                      bindings:
                        - {from: gen, to: publish, capacity: 16}
                        - {from: consume, to: out}
                    """.formatted(RECORDS, server.url(), id, server.url(), id, stream, out));
            try (CliRunner.Running run = CliRunner.start(Map.of(), "run", bp.toString())) {
                await().atMost(Duration.ofSeconds(30)).until(() -> JsonLines.distinct(out, "data", "n").size() >= 100);
                server.stop();
                // the run has seen the broker go: both connectors are down on /metrics
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(run.metrics())
                        .containsPattern(CONNECTOR_DOWN.formatted("publish")).containsPattern(CONNECTOR_DOWN.formatted("consume")));
                server.start();
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(JsonLines.distinct(out, "data", "n"))
                        .as(run.stderr()).hasSize(RECORDS));
                run.signal("TERM");
                var result = run.await(Duration.ofSeconds(30));
                assertThat(result.exitCode()).as(result.toString()).isZero();
                CliRunner.assertThatLog(result).containsPattern("publish - " + server.url() + ": [1-9]\\d* outage\\(s\\) ridden out")
                        .containsPattern("consume - " + server.url() + ": [1-9]\\d* outage\\(s\\) ridden out");
            }
        }
    }

    @Test
    void coreSubjectsCarryRecordsFromSinkToSource() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Path out = dir.resolve("core.jsonl");
        Path bp = CliRunner.write(dir, "core.yaml", """
                system:
                  name: nats_core
                  components:
                    - {name: consume, type: Source, config: {variant: nats, url: "%s", subject: "bpit.%s.*", count: 20}}
                    - {name: out, type: Sink, config: {variant: file, path: "%s"}}
                    - {name: gen, type: Source, config: {rate: 50, template: {n: "{{seq}}", room: "r{{seq}}"}}}
                    - {name: publish, type: Sink, config: {variant: nats, url: "%s", subject: "bpit.%s.{room}"}}
                  bindings:
                    - {from: consume, to: out}
                    - {from: gen, to: publish}
                """.formatted(SharedBrokers.nats().url(), id, out, SharedBrokers.nats().url(), id));
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", bp.toString())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> JsonLines.distinct(out, "data", "n").size() >= 20);
            run.signal("TERM");
            assertThat(run.await(Duration.ofSeconds(30)).exitCode()).isZero();
        }
        String first = java.nio.file.Files.readAllLines(out).get(0);
        assertThat(first).matches("\\{\"subject\":\"bpit\\." + id + "\\.r\\d+\",\"data\":\\{\"n\":\\d+,\"room\":\"r\\d+\"}}");
    }

    @Test
    void anUnreachableServerAtStartIsAnOutageNamingTheUrlWithoutItsPassword() throws Exception {
        Path bp = CliRunner.write(dir, "bad.yaml", """
                system:
                  name: nats_bad
                  components:
                    - {name: consume, type: Source, config: {variant: nats, url: "nats://app:s3cret@127.0.0.1:1", subject: x}}
                    - {name: out, type: Sink}
                  bindings:
                    - {from: consume, to: out}
                """);
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", bp.toString())) {
            // the run starts and waits for its broker, not ready meanwhile: in Compose or Kubernetes services start in any order
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(run.metrics())
                    .containsPattern(CONNECTOR_DOWN.formatted("consume")));
            assertThat(CliRunner.httpGet(run.opsPort(), "/ready").statusCode()).isEqualTo(503);
            run.signal("TERM");
            var result = run.await(Duration.ofSeconds(30));
            assertThat(result.exitCode()).as(result.toString()).isZero();
            CliRunner.assertThatLog(result).contains("consume - lost nats://app:***@127.0.0.1:1 (cannot connect").doesNotContain("s3cret");
        }
    }
}
