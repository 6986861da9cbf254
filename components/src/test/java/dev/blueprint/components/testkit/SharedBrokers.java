package dev.blueprint.components.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One broker of each kind per test JVM (a surefire or failsafe fork), started on first use and removed,
 * data and all, when the JVM exits. Tests share one by working on keys, topics, subjects and queues of
 * their own; a test that stops or kills its broker starts its own instead ({@code new RedisTestServer(dir)}).
 * RabbitMQ, which takes seconds to start, is the exception: its outage test stops the shared node's broker
 * application, which is safe because the classes of one fork run one after another.
 */
public final class SharedBrokers {
    private static final List<TestBroker> STARTED = new ArrayList<>();
    private static Path root;
    private static RedisTestServer redis;
    private static MosquittoTestServer mosquitto;
    private static NatsTestServer nats;
    private static RabbitMqTestServer rabbitMq;
    private static KafkaTestServer kafka;
    private static PostgresTestServer postgres;

    private SharedBrokers() {
    }

    /** The suite's Redis. */
    public static synchronized RedisTestServer redis() {
        return redis = started(redis, RedisTestServer::new, "redis");
    }

    /** The suite's Mosquitto. */
    public static synchronized MosquittoTestServer mosquitto() {
        return mosquitto = started(mosquitto, MosquittoTestServer::new, "mosquitto");
    }

    /** The suite's NATS server with JetStream. */
    public static synchronized NatsTestServer nats() {
        return nats = started(nats, NatsTestServer::new, "nats");
    }

    /** The suite's RabbitMQ node. */
    public static synchronized RabbitMqTestServer rabbitMq() {
        return rabbitMq = started(rabbitMq, RabbitMqTestServer::new, "rabbitmq");
    }

    /** The suite's Kafka broker (KRaft); tests work on topics and consumer groups of their own. */
    public static synchronized KafkaTestServer kafka() {
        return kafka = started(kafka, KafkaTestServer::new, "kafka");
    }

    /** The suite's PostgreSQL server; tests work on tables of their own. */
    public static synchronized PostgresTestServer postgres() {
        return postgres = started(postgres, PostgresTestServer::new, "postgres");
    }

    private static <B extends TestBroker> B started(B existing, Function<Path, B> start, String name) {
        if (existing != null) {
            if (!existing.running()) {
                existing.start();
            }
            return existing;
        }
        B broker = start.apply(root().resolve(name));
        STARTED.add(broker);
        return broker;
    }

    private static Path root() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("blueprint-brokers-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(SharedBrokers::removeAll, "blueprint-test-brokers-stop"));
        }
        return root;
    }

    private static synchronized void removeAll() {
        STARTED.forEach(TestBroker::close);
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort: the temp folder is the system's to clean then
        }
    }
}
