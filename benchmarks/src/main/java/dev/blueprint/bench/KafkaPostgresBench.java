package dev.blueprint.bench;

import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.runtime.exec.RunOutcome;
import dev.blueprint.runtime.model.Blueprint;
import dev.blueprint.runtime.registry.ComponentRegistry;
import dev.blueprint.runtime.validate.BlueprintLoader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Records per second through the kafka Source and Sink and the postgres Sink (in-process pipelines: generator to the
 * sink, or the source to a discard sink, timed from start to the end of the run, connecting included) beside a loop
 * on the same client library with the same guarantee and the same record count, both connecting inside the timed
 * part; one untimed warm-up run of each side, then three alternating rounds, median of three:
 * <ul>
 *   <li>kafka Sink: a kafka-clients producer with acks=all, idempotence and linger 5 ms, 10,000 records
 *       unacknowledged at most, done when the last callback came;</li>
 *   <li>kafka Source: a consumer of a new group, auto-commit off, committing the offsets of what it read every
 *       second and at the end;</li>
 *   <li>postgres Sink: a JDBC batch loop, 500 rows per batch and transaction (reWriteBatchedInserts), the same
 *       columns.</li>
 * </ul>
 * The broker and the database are this run's own ({@link BenchBrokers}: Kafka in KRaft mode from its Maven jars, tuned
 * as in production; PostgreSQL from {@code initdb}). Prints the Markdown table BENCHMARKS.md holds.
 */
public final class KafkaPostgresBench {
    private static final String BODY = "{\"n\":1,\"service\":\"api\",\"latency_ms\":42,\"msg\":\"request served\"}";
    private static final int WINDOW = 10_000;
    private static final int BATCH = 500;
    /** Started the first time a chosen row needs one. */
    private static BenchBrokers brokers;
    private static String only = "";

    private KafkaPostgresBench() {
    }

    interface Run {
        /** Runs once and returns the nanoseconds of the measured part. */
        long run(String id) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        only = args.length > 1 ? args[1] : "";
        try (BenchBrokers started = new BenchBrokers()) {
            brokers = started;
            rows(n);
        }
    }

    private static String kafka() {
        return brokers.kafka().url();
    }

    private static String postgres() {
        return brokers.postgres().url();
    }

    private static void rows(int n) throws Exception {
        System.out.printf("| connector | Blueprint (records/s) | baseline | baseline (records/s) | ratio |%n|---|---:|---|---:|---:|%n");
        row("kafka Sink (acks=all, idempotent)", n, id -> {
            topic(id);
            return pipeline("""
                    system:
                      name: bench
                      components:
                        - {name: gen, type: Source, config: {rate: 0, count: %d, template: %s}}
                        - {name: out, type: Sink, config: {variant: kafka, bootstrap_servers: "%s", topic: b%s}}
                      bindings:
                        - {from: gen, to: out}
                    """.formatted(n, BODY, kafka(), id));
        }, "kafka-clients producer loop", id -> {
            topic(id);
            return produce(n, id);
        });
        row("kafka Source (commit after handling)", n, id -> {
            topic(id);
            preload(n, id);
            return pipeline("""
                    system:
                      name: bench
                      components:
                        - {name: in, type: Source, config: {variant: kafka, bootstrap_servers: "%s", topics: [b%s], group: g%s, count: %d}}
                        - {name: out, type: Sink, config: {variant: discard}}
                      bindings:
                        - {from: in, to: out}
                    """.formatted(kafka(), id, id, n));
        }, "kafka-clients consumer loop", id -> {
            topic(id);
            preload(n, id);
            return consume(n, id);
        });
        row("postgres Sink (insert, batch 500)", n, id -> {
            table(id);
            return pipeline("""
                    system:
                      name: bench
                      components:
                        - {name: gen, type: Source, config: {rate: 0, count: %d, template: %s}}
                        - {name: out, type: Sink, config: {variant: postgres, url: "%s", table: b%s, batch_size: %d,
                           columns: {n: .n, service: .service, latency_ms: .latency_ms, msg: .msg}}}
                      bindings:
                        - {from: gen, to: out}
                    """.formatted(n, BODY, postgres(), id, BATCH));
        }, "JDBC batch loop", id -> {
            table(id);
            return jdbcInsert(n, id);
        });
    }

    private static void row(String name, int n, Run blueprint, String baselineName, Run baseline) throws Exception {
        if (!name.startsWith(only)) {
            return;
        }
        // one untimed run of each side first: both measured rounds then run JIT-compiled code (the first run of a
        // JVM spends seconds compiling, which a short run would count against whichever side goes first)
        blueprint.run(UUID.randomUUID().toString().substring(0, 8));
        baseline.run(UUID.randomUUID().toString().substring(0, 8));
        List<Double> ours = new ArrayList<>();
        List<Double> theirs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ours.add(n / (blueprint.run(UUID.randomUUID().toString().substring(0, 8)) / 1e9));
            theirs.add(n / (baseline.run(UUID.randomUUID().toString().substring(0, 8)) / 1e9));
        }
        ours.sort(null);
        theirs.sort(null);
        double a = ours.get(1);
        double b = theirs.get(1);
        System.out.printf("| %s | %,.0f | %s | %,.0f | %.2f |%n", name, a, baselineName, b, a / b);
    }

    private static long pipeline(String yaml) throws Exception {
        Blueprint blueprint = new BlueprintLoader(ComponentRegistry.load(List.of()), Map.of())
                .load("bench.yaml", new StringReader(yaml), List.of()).orThrow();
        Pipeline p = Pipeline.build(blueprint);
        long start = System.nanoTime();
        p.start();
        RunOutcome outcome = p.awaitCompletion();
        long took = System.nanoTime() - start;
        if (!outcome.succeeded()) {
            throw new IllegalStateException("bench pipeline failed: " + outcome);
        }
        return took;
    }

    private static void topic(String id) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka()))) {
            admin.createTopics(List.of(new NewTopic("b" + id, 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static long produce(int n, String id) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        Semaphore window = new Semaphore(WINDOW);
        AtomicReference<Exception> failed = new AtomicReference<>();
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            // as the sink does at start: wait for the new topic's metadata first. Sending at once to a topic created a
            // moment ago had the broker refuse a retried first batch (OutOfOrderSequenceException, sequence 0 after
            // later ones were in) and the loop stall until its delivery timeout
            producer.partitionsFor("b" + id);
            for (int i = 0; i < n; i++) {
                window.acquire();
                producer.send(new ProducerRecord<>("b" + id, body), (m, e) -> {
                    if (e != null) {
                        failed.set(e);
                    }
                    window.release();
                });
            }
            window.acquire(WINDOW);
        }
        if (failed.get() != null) {
            throw failed.get();
        }
        return System.nanoTime() - start;
    }

    /** Fills the topic before a source row, untimed, with kcat (librdkafka): a third-party producer, acks=all. */
    private static void preload(int n, String id) throws Exception {
        Process kcat = new ProcessBuilder("kcat", "-P", "-b", kafka(), "-t", "b" + id, "-X", "acks=all")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var in = kcat.getOutputStream()) {
            in.write((BODY + "\n").repeat(n).getBytes(StandardCharsets.UTF_8));
        }
        if (kcat.waitFor() != 0) {
            throw new IllegalStateException("kcat -P failed");
        }
    }

    private static long consume(int n, String id) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "g" + id);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        long start = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("b" + id));
            Map<TopicPartition, OffsetAndMetadata> offsets = new java.util.HashMap<>();
            long seen = 0;
            long lastCommit = System.nanoTime();
            while (seen < n) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    seen++;
                }
                if (System.nanoTime() - lastCommit > 1_000_000_000L) {
                    consumer.commitSync(offsets);
                    lastCommit = System.nanoTime();
                }
            }
            consumer.commitSync(offsets);
        }
        return System.nanoTime() - start;
    }

    private static void table(String id) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE b" + id + " (n bigint, service text, latency_ms int, msg text)");
        }
    }

    private static long jdbcInsert(int n, String id) throws Exception {
        Properties props = new Properties();
        props.setProperty("reWriteBatchedInserts", "true");
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection(postgres(), props)) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO b" + id + " (n, service, latency_ms, msg) VALUES (?, ?, ?, ?)")) {
                for (int i = 1; i <= n; i++) {
                    s.setLong(1, 1);
                    s.setString(2, "api");
                    s.setLong(3, 42);
                    s.setString(4, "request served");
                    s.addBatch();
                    if (i % BATCH == 0 || i == n) {
                        s.executeBatch();
                        c.commit();
                    }
                }
            }
        }
        return System.nanoTime() - start;
    }
}
