package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blueprint.components.testkit.KafkaTestServer;
import dev.blueprint.components.testkit.MosquittoTestServer;
import dev.blueprint.components.testkit.NatsTestServer;
import dev.blueprint.components.testkit.PostgresTestServer;
import dev.blueprint.components.testkit.RabbitMqTestServer;
import dev.blueprint.components.testkit.RedisTestServer;
import dev.blueprint.components.testkit.SharedBrokers;
import dev.blueprint.components.testkit.TestBroker;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same fault drill for each connector, through the CLI jar: a producer run publishes through the connector's Sink
 * while a consumer run reads through its Source into a file; mid-stream the broker is restarted, then the consumer is
 * killed with SIGKILL and started again. Every record is in the file at least once.
 */
@Timeout(120)
class ConnectorFaultIT {
    private static final int RECORDS = 300;

    @TempDir
    Path dir;

    @Test
    void mqttBrokerRestartedAndConsumerKilledEveryRecordArrivesAtLeastOnce() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        try (MosquittoTestServer server = new MosquittoTestServer(dir.resolve("mosquitto"))) {
            drill(server, "{variant: mqtt, url: \"%s\", topic: \"fault/%s/n\", client_id: \"fault-%s-pub\"}".formatted(server.url(), id, id),
                    "{variant: mqtt, url: \"%s\", topics: [\"fault/%s/#\"], client_id: \"fault-%s-sub\"}".formatted(server.url(), id, id));
        }
    }

    @Test
    void natsServerRestartedAndConsumerKilledEveryJetStreamRecordArrivesAtLeastOnce() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        try (NatsTestServer server = new NatsTestServer(dir.resolve("nats"))) {
            drill(server, "{variant: nats, url: \"%s\", subject: \"fault.%s.n\", jetstream: true}".formatted(server.url(), id),
                    "{variant: nats, url: \"%s\", subject: \"fault.%s.>\", stream: FAULT_%s, ack_wait: 2s}".formatted(server.url(), id, id));
        }
    }

    @Test
    void amqpBrokerRestartedAndConsumerKilledEveryRecordArrivesAtLeastOnce() throws Exception {
        String queue = "fault-" + UUID.randomUUID().toString().substring(0, 8);
        RabbitMqTestServer server = SharedBrokers.rabbitMq();
        try {
            drill(server, "{variant: amqp, url: \"%s\", routing_key: %s, declare_queues: [%s]}".formatted(server.url(), queue, queue),
                    "{variant: amqp, url: \"%s\", queue: %s}".formatted(server.url(), queue));
        } finally {
            if (!server.running() || !server.accepting()) {
                server.start();
            }
        }
    }

    @Test
    void redisRestartedAndConsumerKilledEveryStreamEntryArrivesAtLeastOnce() throws Exception {
        String stream = "fault-" + UUID.randomUUID().toString().substring(0, 8);
        RedisTestServer server = SharedBrokers.redis(); // appendfsync always: the stream outlives the restart
        try {
            drill(server, "{variant: redis, url: \"%s\", stream: %s}".formatted(server.url(), stream),
                    "{variant: redis, url: \"%s\", mode: stream, stream: %s, group: g, min_idle: 1s}".formatted(server.url(), stream));
        } finally {
            if (!server.running() || !server.accepting()) {
                server.start();
            }
        }
    }

    @Test
    void kafkaBrokerRestartedAndConsumerKilledEveryRecordArrivesAtLeastOnce() throws Exception {
        String topic = "fault-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaTestServer server = SharedBrokers.kafka();
        server.createTopic(topic, 2, Map.of());
        try {
            drill(server, "{variant: kafka, bootstrap_servers: \"%s\", topic: %s}".formatted(server.url(), topic),
                    "{variant: kafka, bootstrap_servers: \"%s\", topics: [%s], commit_interval: 200ms, session_timeout: 6s, connect_timeout: 1s}".formatted(server.url(), topic));
        } finally {
            if (!server.running() || !server.accepting()) {
                server.start();
            }
        }
    }

    /**
     * The producer writes generated rows into one table, the consumer copies them with the postgres source into another
     * with the postgres sink; the database is restarted under both, the consumer killed and started again: every row is
     * in the second table at least once.
     */
    @Test
    void postgresRestartedAndCopyingRunKilledEveryRowIsInTheTableAtLeastOnce() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String from = "fault_src_" + id;
        String to = "fault_dst_" + id;
        PostgresTestServer server = SharedBrokers.postgres();
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + from + " (id bigserial PRIMARY KEY, n bigint NOT NULL)");
            s.execute("CREATE TABLE " + to + " (n bigint NOT NULL)");
        }
        try {
            drill(server, "{variant: postgres, url: \"%s\", table: %s, columns: {n: \".n | tonumber\"}, batch_size: 20, retries: 30}"
                            .formatted(server.url(), from),
                    "{variant: postgres, url: \"%s\", query: \"SELECT id, n FROM %s WHERE id > :last ORDER BY id\", cursor: id, interval: 100ms}"
                            .formatted(server.url(), from),
                    "{variant: postgres, url: \"%s\", table: %s, columns: {n: .n}, batch_size: 20, retries: 30}".formatted(server.url(), to),
                    () -> {
                        Set<Long> rows = new TreeSet<>();
                        try (Connection c = server.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT n FROM " + to)) {
                            while (rs.next()) {
                                rows.add(rs.getLong(1));
                            }
                        } catch (SQLException e) {
                            return Set.of(); // the database is restarting
                        }
                        return rows;
                    });
        } finally {
            if (!server.running() || !server.accepting()) {
                server.start();
            }
        }
    }

    private void drill(TestBroker server, String sink, String source) throws Exception {
        Path out = dir.resolve("out.jsonl");
        drill(server, sink, source, "{variant: file, path: \"%s\"}".formatted(out), () -> JsonLines.distinct(out, "data", "n"));
    }

    /**
     * Starts the consumer first (its session, durable consumer or queue exists before anything is published), then the
     * producer; restarts the broker once a quarter arrived, kills the consumer once half did, starts it again.
     */
    private void drill(TestBroker server, String sink, String source, String consumerSink, Callable<Set<Long>> delivered) throws Exception {
        Path consumer = CliRunner.write(dir, "consumer.yaml", """
                system:
                  name: fault_consumer
                  components:
                    - {name: consume, type: Source, config: %s}
                    - {name: out, type: Sink, config: %s}
                  bindings:
                    - {from: consume, to: out}
                """.formatted(source, consumerSink));
        Path producer = CliRunner.write(dir, "producer.yaml", """
                system:
                  name: fault_producer
                  shutdown_grace_period: 20s
                  components:
                    - {name: gen, type: Source, config: {rate: 200, count: %d, template: {n: "{{seq}}"}}}
                    - {name: publish, type: Sink, config: %s}
                  bindings:
                    - {from: gen, to: publish, capacity: 16}
                """.formatted(RECORDS, sink));
        CliRunner.Running first = CliRunner.start(Map.of(), "run", consumer.toString());
        first.ready(); // subscribed: an MQTT broker drops what is published before anyone subscribed
        try (CliRunner.Running publishing = CliRunner.start(Map.of(), "run", producer.toString())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> delivered.call().size() >= RECORDS / 4);
            server.stop();
            await("the broker is down").atMost(Duration.ofSeconds(10)).until(() -> !server.accepting());
            server.start();
            // on a timeout, what both runs logged says which side did not come back
            await("half the records delivered, after the restart").atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(delivered.call().size()).as("consumer:%n%s%nproducer:%n%s", first.stderr(),
                            publishing.stderr()).isGreaterThanOrEqualTo(RECORDS / 2));
            // the consumer rode the restart out, and said so (a client may notice the outage only after it is over)
            await("the consumer logged the outage").atMost(Duration.ofSeconds(15)).until(() -> first.stderr().contains("consume - lost "));
            first.kill(); // SIGKILL: what it held and had not acknowledged comes again
            try (CliRunner.Running second = CliRunner.start(Map.of(), "run", consumer.toString())) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(delivered.call())
                        .as(second.stderr()).isEqualTo(LongStream.rangeClosed(1, RECORDS).boxed().collect(Collectors.toSet())));
                var produced = publishing.await(Duration.ofSeconds(30));
                assertThat(produced.exitCode()).as(produced.toString()).isZero();
                second.ready(); // started: a TERM before its handler is in place would kill the JVM outright (143)
                second.signal("TERM");
                assertThat(second.await(Duration.ofSeconds(30)).exitCode()).isZero();
            }
        } finally {
            first.close();
        }
    }
}
