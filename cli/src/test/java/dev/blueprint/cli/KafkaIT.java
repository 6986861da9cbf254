package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blueprint.components.testkit.KafkaTestServer;
import dev.blueprint.components.testkit.SharedBrokers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kafka Source and Sink through the CLI jar against the suite's Kafka broker (KRaft), each test on topics and
 * consumer groups of its own: two instances of one group share the partitions and lose nothing when one is killed,
 * and a record the broker refuses is not acknowledged upstream until it is written.
 */
@Timeout(180)
class KafkaIT {
    @TempDir
    Path dir;

    private final KafkaTestServer kafka = SharedBrokers.kafka();
    private final String id = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void twoInstancesOfOneGroupShareThePartitionsAndAKilledOneLosesNoRecord() throws Exception {
        int records = 3000;
        String topic = "bpit-readings-" + id;
        kafka.createTopic(topic, 4, Map.of());
        Path out1 = dir.resolve("out1.jsonl");
        Path out2 = dir.resolve("out2.jsonl");
        String consumer = """
                system:
                  name: kafka_member
                  components:
                    - {name: consume, type: Source, config: {variant: kafka, bootstrap_servers: "%s", topics: [%s], group: g-%s,
                       session_timeout: 3s}}
                    - {name: out, type: Sink, config: {variant: file, path: "%s"}}
                  bindings:
                    - {from: consume, to: out}
                """;
        Path producer = CliRunner.write(dir, "produce.yaml", """
                system:
                  name: kafka_producer
                  components:
                    - {name: gen, type: Source, config: {rate: 300, count: %d, template: {n: "{{seq}}"}}}
                    - {name: publish, type: Sink, config: {variant: kafka, bootstrap_servers: "%s", topic: %s, key: ".n | tostring",
                       headers: {origin: '"bpit"'}}}
                  bindings:
                    - {from: gen, to: publish}
                """.formatted(records, kafka.url(), topic));
        try (CliRunner.Running one = CliRunner.start(Map.of(), "run", CliRunner.write(dir, "c1.yaml", consumer.formatted(kafka.url(), topic, id, out1)).toString());
             CliRunner.Running two = CliRunner.start(Map.of(), "run", CliRunner.write(dir, "c2.yaml", consumer.formatted(kafka.url(), topic, id, out2)).toString())) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> groupMembers("g-" + id) == 2);
            try (CliRunner.Running produce = CliRunner.start(Map.of(), "run", producer.toString())) {
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(out1) && JsonLines.distinct(out1, "data", "n").size() >= 200
                        && Files.exists(out2) && !JsonLines.distinct(out2, "data", "n").isEmpty());
                one.kill(); // kill -9: what it read and had not committed goes to the other member after the session timeout
                var produced = produce.await(Duration.ofSeconds(60));
                assertThat(produced.exitCode()).as(produced.toString()).isZero();
                CliRunner.assertThatLog(produced).containsPattern("summary: publish \\(Sink\\): .* written=" + records + " unwritten=0");
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Set<Long> all = new HashSet<>(JsonLines.distinct(out1, "data", "n"));
                all.addAll(JsonLines.distinct(out2, "data", "n"));
                assertThat(all).as(two.stderr()).containsAll(LongStream.rangeClosed(1, records).boxed().toList());
            });
            String line = Files.readAllLines(out2).get(0);
            assertThat(line).matches("\\{\"topic\":\"" + topic + "\",\"partition\":[0-3],\"offset\":\\d+,\"key\":\"\\d+\",\"timestamp\":\\d+,"
                    + "\"headers\":\\{\"origin\":\"bpit\"},\"data\":\\{\"n\":\\d+}}");
            two.signal("TERM");
            assertThat(two.await(Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }

    @Test
    void aRecordTheBrokerRefusesIsNotAcknowledgedUpstreamAndIsWrittenOnceTheBrokerTakesIt() throws Exception {
        String source = "bpit-src-" + id;
        String target = "bpit-dst-" + id;
        String group = "g-refuse-" + id;
        kafka.createTopic(source, 1, Map.of());
        // a compacted topic: the broker refuses every record without a key (InvalidRecordException)
        kafka.createTopic(target, 1, Map.of("cleanup.policy", "compact"));
        try (KafkaProducer<String, String> producer = producer()) {
            for (int n = 0; n < 10; n++) {
                producer.send(new ProducerRecord<>(source, "{\"n\":" + n + "}")).get();
            }
        }
        Path bp = CliRunner.write(dir, "copy.yaml", """
                system:
                  name: kafka_copy
                  components:
                    - {name: consume, type: Source, config: {variant: kafka, bootstrap_servers: "%s", topics: [%s], group: %s}}
                    - {name: publish, type: Sink, config: {variant: kafka, bootstrap_servers: "%s", topic: %s, payload_field: data,
                       delivery_timeout: 5s}}
                  bindings:
                    - {from: consume, to: publish}
                """.formatted(kafka.url(), source, group, kafka.url(), target));
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", bp.toString())) {
            // the refused records fail; the group's offset stays before them, where they are read again
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> CliRunner.assertThatLog(run).contains("not written to " + target)
                    .contains("offset 0 was not written; reading the partition again"));
            assertThat(committed(group, source)).isEqualTo(-1);
            assertThat(readAll(target)).isEmpty();
            try (var admin = kafka.admin()) {
                admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, target),
                        List.of(new AlterConfigOp(new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.SET))))
                        .all().get(10, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(readAll(target))
                    .containsAll(LongStream.range(0, 10).boxed().toList()));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(committed(group, source)).isEqualTo(10));
            run.signal("TERM");
            assertThat(run.await(Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }

    private int groupMembers(String group) throws Exception {
        try (var admin = kafka.admin()) {
            return admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group).members().size();
        }
    }

    private long committed(String group, String topic) throws Exception {
        try (var admin = kafka.admin()) {
            OffsetAndMetadata o = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                    .get(new TopicPartition(topic, 0));
            return o == null ? -1 : o.offset();
        }
    }

    private KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.url());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** The n of every record in {@code topic}, read from the start by a consumer of no group. */
    private Set<Long> readAll(String topic) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.url());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Set<Long> seen = new HashSet<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            while (c.position(tp) < end) {
                for (var r : c.poll(Duration.ofMillis(500))) {
                    seen.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.value().getBytes(StandardCharsets.UTF_8)).path("n").asLong());
                }
            }
        }
        return seen;
    }
}
