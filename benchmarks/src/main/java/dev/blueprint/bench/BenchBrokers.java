package dev.blueprint.bench;

import dev.blueprint.components.testkit.KafkaTestServer;
import dev.blueprint.components.testkit.MosquittoTestServer;
import dev.blueprint.components.testkit.NatsTestServer;
import dev.blueprint.components.testkit.PostgresTestServer;
import dev.blueprint.components.testkit.RabbitMqTestServer;
import dev.blueprint.components.testkit.TestBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The brokers and the database a bench run uses, started for it alone from the installed binaries by the test
 * suite's broker kit (each on a port and in a folder of its own, under one temp folder) the first time a row needs
 * one, and gone when the run ends: a bench never measures, or writes to, a server the machine already runs.
 */
final class BenchBrokers implements AutoCloseable {
    private final Path dir;
    private final List<TestBroker> started = new ArrayList<>();
    private MosquittoTestServer mosquitto;
    private NatsTestServer nats;
    private RabbitMqTestServer rabbitMq;
    private KafkaTestServer kafka;
    private PostgresTestServer postgres;

    BenchBrokers() throws IOException {
        dir = Files.createTempDirectory("blueprint-bench-");
    }

    MosquittoTestServer mosquitto() {
        return mosquitto = start(mosquitto, MosquittoTestServer::new, "mosquitto");
    }

    NatsTestServer nats() {
        return nats = start(nats, NatsTestServer::new, "nats");
    }

    RabbitMqTestServer rabbitMq() {
        return rabbitMq = start(rabbitMq, RabbitMqTestServer::new, "rabbitmq");
    }

    KafkaTestServer kafka() {
        return kafka = start(kafka, KafkaTestServer::forBenchmarks, "kafka");
    }

    PostgresTestServer postgres() {
        return postgres = start(postgres, PostgresTestServer::new, "postgres");
    }

    private <B extends TestBroker> B start(B running, Function<Path, B> starter, String name) {
        if (running != null) {
            return running;
        }
        B b = starter.apply(dir.resolve(name));
        started.add(b);
        System.err.println("bench: started a private " + name + " at " + b.url().replaceAll("//[^@/]*@", "//"));
        return b;
    }

    @Override
    public void close() throws IOException {
        for (TestBroker b : started) {
            try {
                b.close();
            } catch (RuntimeException e) {
                System.err.println("bench: stopping " + b.url() + " failed: " + e); // the others are still stopped
            }
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
