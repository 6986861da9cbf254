package dev.blueprint.components.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.ComponentInitializationException;
import dev.blueprint.api.Record;
import dev.blueprint.components.broker.DeliveryWindow;
import dev.blueprint.components.jq.JqExpression;
import dev.blueprint.components.payload.Payloads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each record to a topic with an idempotent producer ({@code acks=all}: the record is in every in-sync
 * replica; the producer's own retries keep one copy and the order). At most {@code max_in_flight} records wait for
 * the brokers, and the sink waits for a slot (back-pressure when they are slow). A record counts as written, and
 * its acknowledgement goes upstream, once the brokers acknowledged it; one they refused, or that was not
 * acknowledged within {@code delivery_timeout}, is given up as failed, so that its source reads or delivers it again.
 */
final class KafkaSink implements Component {
    private static final Logger log = LoggerFactory.getLogger(KafkaSink.class);
    private final KafkaSinkConfig config;
    private final JqExpression key;
    private final Map<String, JqExpression> headers = new LinkedHashMap<>();
    private final DeliveryWindow window;
    private final AtomicLong failed = new AtomicLong();
    private ComponentContext context;
    private KafkaProducer<byte[], byte[]> producer;
    private KafkaLink link;
    /** Whether the producer has the topic's partitions: only then can a send be queued without blocking. */
    private volatile boolean topicKnown;
    /** What the brokers answered for the topic when they refuse it for good, found after a start without them. */
    private volatile KafkaException topicRefused;
    private boolean topicMissingSaid;

    KafkaSink(KafkaSinkConfig config) {
        this.config = config;
        this.key = config.key() == null ? null : compile(config.key());
        config.headers().forEach((name, expression) -> headers.put(name, compile(expression)));
        this.window = new DeliveryWindow(config.maxInFlight());
    }

    /** The provider's check has compiled every expression already: failing here is a bug. */
    static JqExpression compile(String expression) {
        try {
            return JqExpression.compile(expression);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("jq expression passed the check but does not compile: " + expression, e);
        }
    }

    @Override
    public void start(ComponentContext context) {
        this.context = context;
        context.written(0);
        Properties p = new Properties();
        p.putAll(config.properties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, context.systemName() + "-" + context.name());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(config.deliveryTimeout().toMillis()));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.min(30_000, config.deliveryTimeout().toMillis() - config.linger().toMillis())));
        // how long a start waits for the brokers, and a send for room in the producer's buffer (then the record fails)
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(config.connectTimeout().toMillis()));
        p.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(config.linger().toMillis()));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.compression());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(p);
        link = new KafkaLink(context, config.bootstrapServers(), config.properties(), config.connectTimeout());
        try {
            producer.partitionsFor(config.topic());
            topicKnown = true;
        } catch (KafkaException e) {
            if (KafkaLink.isDefinitive(e)) {
                link.close();
                producer.close(Duration.ZERO);
                throw new ComponentInitializationException(context.name() + ": Kafka at " + config.bootstrapServers()
                        + " refused topic " + config.topic() + " (" + e.getMessage() + ")", e);
            }
            // services start in any order: the records wait (onRecord) until the probe hears from the brokers
            link.unreachableAtStart(e);
        }
        log.info("{} - writing to topic {} on {} (acks=all, idempotent)", context.name(), config.topic(), config.bootstrapServers());
    }

    @Override
    public void onRecord(String input, Record record) throws Exception {
        JsonNode value = record.value();
        ProducerRecord<byte[], byte[]> message = new ProducerRecord<>(config.topic(), key == null ? null : bytes(key.first(value)),
                Payloads.bytes(context.json(), Payloads.select(value, config.payloadField())));
        for (Map.Entry<String, JqExpression> h : headers.entrySet()) {
            byte[] header = bytes(h.getValue().first(value));
            if (header != null) {
                message.headers().add(h.getKey(), header);
            }
        }
        // while the brokers are away the records wait here, not in the producer's buffer, where each would fail
        // after delivery_timeout: back-pressure, as every connector gives during an outage
        while (!context.isStopping() && !(link.isUp() && topicKnown())) {
            Thread.sleep(20);
        }
        if (topicRefused != null) {
            // the brokers refuse the topic for good (an ACL, a bad name): as a send they refused would be
            DeliveryWindow.Ticket ticket = window.take(record, context.hold(), () -> { });
            settle(ticket, topicRefused);
            return;
        }
        if (!link.isUp() || !topicKnown) {
            // stopping while they are away: back to the source, which delivers it again (not to errors: nothing refused it)
            context.hold().fail(new IllegalStateException("the run stopped while Kafka at " + config.bootstrapServers() + " was away"));
            return;
        }
        DeliveryWindow.Ticket ticket = window.take(record, context.hold(), () -> { });
        try {
            producer.send(message, (metadata, error) -> settle(ticket, error));
        } catch (RuntimeException e) {
            settle(ticket, e); // refused before it was queued (closed producer, buffer full past max.block.ms)
        }
    }

    /**
     * Whether the brokers have told the producer about the topic; asked again (waiting at most connect_timeout) while
     * they have not, which is the case after a start without them, or for a topic that someone else is still to
     * create (auto-creation off): that is said once, and the records wait for it.
     */
    private boolean topicKnown() throws InterruptedException {
        if (topicKnown || topicRefused != null) {
            return true;
        }
        try {
            producer.partitionsFor(config.topic());
            topicKnown = true;
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            throw new InterruptedException("stopped while asking Kafka for topic " + config.topic());
        } catch (KafkaException e) {
            if (KafkaLink.isDefinitive(e)) {
                topicRefused = e;
                log.warn("{} - Kafka at {} refuses topic {} ({}); its records are given up: to errors when bound, else back to their source",
                        context.name(), config.bootstrapServers(), config.topic(), e.getMessage());
                return true;
            }
            if (!topicMissingSaid) {
                topicMissingSaid = true;
                log.warn("{} - the brokers at {} answer, but not for topic {} ({}); its records wait until they do (is the topic "
                        + "still to be created, with auto-creation off?)", context.name(), config.bootstrapServers(), config.topic(), e.getMessage());
            }
        }
        return topicKnown;
    }

    /**
     * The brokers' answer for one record, on the producer's I/O thread (a ticket settles once): confirmed, or given
     * up: to {@code errors} when bound, else failed back to its source, which delivers it again.
     */
    private void settle(DeliveryWindow.Ticket ticket, Exception error) {
        if (error == null) {
            ticket.confirmed(context);
            return;
        }
        long n = failed.incrementAndGet();
        if (n == 1 || Long.bitCount(n) == 1) { // 1, 2, 4, 8...: a broker outage fails many records at once
            log.warn("{} - record #{} not written to {} ({}); given up to errors or its source ({} so far)", context.name(),
                    ticket.record().sequence(), config.topic(), error.toString(), n);
        }
        ticket.giveUp(context, "kafka_unwritten", error);
    }

    private byte[] bytes(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        return (v.isTextual() ? v.asText() : v.toString()).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void onInputsEnded() throws InterruptedException {
        Duration wait = context.isStopping() ? context.shutdownGracePeriod() : config.deliveryTimeout().plusSeconds(5);
        if (!window.awaitAll(wait, () -> false)) {
            log.warn("{} - {} record(s) not acknowledged by Kafka after {}", context.name(), window.outstanding(), wait);
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            // what is still unacknowledged now fails back to its source (which delivers it again) instead of holding the stop
            int left = window.giveBackAll(new IllegalStateException("the run stopped before Kafka acknowledged it"));
            producer.close(left == 0 ? Duration.ofSeconds(5) : Duration.ZERO);
        }
        if (link != null) {
            link.close();
        }
    }
}
