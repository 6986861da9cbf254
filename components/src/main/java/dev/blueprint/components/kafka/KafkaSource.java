package dev.blueprint.components.kafka;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.ComponentInitializationException;
import dev.blueprint.api.Output;
import dev.blueprint.components.broker.InOrderProgress;
import dev.blueprint.components.broker.PendingAcknowledgements;
import dev.blueprint.components.payload.Payloads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits {@code {topic, partition, offset, key, timestamp, headers, data}} per Kafka record as a member of a consumer
 * group. Offsets are committed by this thread (the consumer's), only up to the first record of each partition
 * not yet handled; a record a sink gave up on is read again from its offset, with those after it (at least once,
 * in order per partition). On a rebalance what is handled is committed and the partitions' other records are
 * left to their new owner, which reads them again from the committed offset.
 */
final class KafkaSource implements Component {
    private static final Logger log = LoggerFactory.getLogger(KafkaSource.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration REWIND_PAUSE = Duration.ofSeconds(1);
    private final KafkaSourceConfig config;
    private final Map<TopicPartition, PartitionProgress> progress = new ConcurrentHashMap<>();
    private ComponentContext context;
    private KafkaConsumer<byte[], byte[]> consumer;
    private KafkaLink link;
    private String group;
    private long lastCommit;
    private long lastRewind;

    KafkaSource(KafkaSourceConfig config) {
        this.config = config;
    }

    @Override
    public void start(ComponentContext context) {
        this.context = context;
        group = config.group() != null ? config.group() : (context.systemName() + "_" + context.name());
        Properties p = new Properties();
        p.putAll(config.properties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, context.systemName() + "-" + context.name());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, config.startFrom());
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(config.sessionTimeout().toMillis()));
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(Math.max(100, config.sessionTimeout().toMillis() / 4)));
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(Math.min(500, config.maxPending())));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        link = new KafkaLink(context, config.bootstrapServers(), config.properties(), config.connectTimeout());
        try {
            consumer.listTopics(config.connectTimeout());
        } catch (KafkaException e) {
            if (KafkaLink.isDefinitive(e)) {
                link.close();
                consumer.close(Duration.ZERO);
                throw new ComponentInitializationException(context.name() + ": Kafka at " + config.bootstrapServers()
                        + " refused the consumer (" + e.getMessage() + ")", e);
            }
            // services start in any order: the consumer's polls join the group once the brokers are there
            link.unreachableAtStart(e);
        }
        consumer.subscribe(config.topics(), new Rebalance());
        log.info("{} - consuming {} as group {} on {}", context.name(), config.topics(), group, config.bootstrapServers());
    }

    @Override
    public void run() {
        long limit = config.count() == null ? Long.MAX_VALUE : config.count();
        long n = 0;
        Output out = context.output();
        try {
            while (n < limit && !context.isStopping()) {
                rewindFailed();
                commitIfDue(false);
                boolean full = pending() >= config.maxPending();
                if (full) {
                    consumer.pause(consumer.assignment());
                } else if (!consumer.paused().isEmpty()) {
                    consumer.resume(consumer.paused());
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    PartitionProgress partition = progress.computeIfAbsent(tp, k -> new PartitionProgress());
                    InOrderProgress.Entry<Long> entry = partition.emitted(r.offset());
                    out.emit(record(r), () -> partition.handled(entry), reason -> partition.failed(entry));
                    if (++n >= limit) {
                        // the rest of this poll is read again by the group's next member or run
                        break;
                    }
                }
            }
        } catch (WakeupException e) {
            // stop(): the poll was woken up to end the run
        }
    }

    private int pending() {
        return progress.values().stream().mapToInt(PartitionProgress::pending).sum();
    }

    /** Reads a partition again from a record a sink gave up on (and those after it). */
    private void rewindFailed() {
        if (System.nanoTime() - lastRewind < REWIND_PAUSE.toNanos()) {
            return; // a record its sink keeps refusing is tried once a second, not in a tight loop
        }
        lastRewind = System.nanoTime();
        progress.forEach((tp, partition) -> {
            long at = partition.takeRewind();
            if (at >= 0 && consumer.assignment().contains(tp)) {
                log.warn("{} - a record of {} at offset {} was not written; reading the partition again from it", context.name(), tp, at);
                consumer.seek(tp, at);
            }
        });
    }

    private void commitIfDue(boolean now) {
        if (!now && System.nanoTime() - lastCommit < config.commitInterval().toNanos()) {
            return;
        }
        lastCommit = System.nanoTime();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        progress.forEach((tp, partition) -> {
            long at = partition.takeCommittable();
            if (at >= 0) {
                offsets.put(tp, new OffsetAndMetadata(at));
            }
        });
        if (offsets.isEmpty()) {
            return;
        }
        try {
            try {
                consumer.commitSync(offsets, Duration.ofSeconds(10));
            } catch (WakeupException e) {
                consumer.commitSync(offsets, Duration.ofSeconds(10)); // stop() woke the consumer: this commit still goes
            }
        } catch (KafkaException e) {
            // a rebalance took the partition, or the broker is away: its records are read again, at least once
            log.warn("{} - committing offsets failed ({}); those records may be read again", context.name(), e.toString());
        }
    }

    private ObjectNode record(ConsumerRecord<byte[], byte[]> r) {
        ObjectNode record = context.json().createObjectNode();
        record.put("topic", r.topic());
        record.put("partition", r.partition());
        record.put("offset", r.offset());
        if (r.key() == null) {
            record.putNull("key");
        } else {
            record.put("key", new String(r.key(), StandardCharsets.UTF_8));
        }
        record.put("timestamp", r.timestamp());
        if (r.headers().iterator().hasNext()) {
            ObjectNode headers = record.putObject("headers");
            for (Header h : r.headers()) {
                headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
            }
        }
        String value = r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
        record.set("data", value == null ? context.json().nullNode() : Payloads.value(context.json(), value, config.parseJson()));
        return record;
    }

    @Override
    public void stop() {
        if (consumer != null) {
            consumer.wakeup();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (consumer == null) {
            return;
        }
        try {
            PendingAcknowledgements.await(context);
            commitIfDue(true);
        } finally {
            consumer.close(Duration.ofSeconds(5));
            if (link != null) {
                link.close();
            }
        }
    }

    /** Commits what is handled of partitions the group takes away; their other records go to the new owner. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commitIfDue(true);
            partitions.forEach(progress::remove);
            log.info("{} - group {} took {} away", context.name(), group, partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(progress::remove);
            log.warn("{} - lost {} to the group {} (too long without a poll or heartbeat); their records are read again",
                    context.name(), partitions, group);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            partitions.forEach(tp -> progress.put(tp, new PartitionProgress()));
            log.info("{} - group {} gave it {}", context.name(), group, partitions);
        }
    }
}
