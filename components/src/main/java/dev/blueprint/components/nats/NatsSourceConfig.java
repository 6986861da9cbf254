package dev.blueprint.components.nats;

import dev.blueprint.components.payload.PayloadFormat;
import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import dev.blueprint.components.broker.Backoff;
import dev.blueprint.components.broker.BrokerUrl;
import dev.blueprint.components.broker.Retries;
import java.time.Duration;

/**
 * Config of the {@code nats} source: a core subscription, or with {@code stream} a JetStream durable
 * pull consumer.
 *
 * @param url the server
 * @param subject the subject, wildcards allowed
 * @param queueGroup core: the queue group sharing the messages
 * @param stream JetStream: the stream to consume
 * @param durable JetStream: the durable consumer's name
 * @param batch JetStream: messages fetched per pull
 * @param ackWait JetStream: how long the server waits for an acknowledgement before delivering a message again
 * @param payload how the message's bytes become data
 * @param parseJson whether a payload that is one JSON document becomes that JSON
 * @param count records before the source finishes
 * @param connectTimeout time allowed for one connection attempt
 * @param backoff pauses between connection attempts and before a failed message comes again
 */
public record NatsSourceConfig(
        @Doc("The server, nats://[user:password@]host[:port] or tls://.") String url,
        @Doc(value = "The subject to subscribe to; * and > are wildcards (sensors.*.temperature, sensors.>).", example = "sensors.>")
        String subject,
        @Doc("Core NATS: a queue group; the members share the messages. Absent: every message.") String queueGroup,
        @Doc("JetStream: the stream to consume with a durable pull consumer, acknowledging each message once its record is "
                + "handled; created on subject (file storage) when missing. Absent: core NATS, at most once.") String stream,
        @Doc("JetStream: the durable consumer's name, which keeps the position across restarts; absent: {system}_{component}.")
        String durable,
        @Doc("JetStream: messages fetched per pull.") Integer batch,
        @Doc("JetStream: how long the server waits for a message's acknowledgement before delivering it again, set on the durable "
                + "consumer at start. It is also how long messages in flight when the process died (kill -9, OOM) wait before they "
                + "come again. Keep it above the longest time a record takes to be handled (a window's or batch's duration "
                + "included), or messages still on their way are delivered twice. Absent: the consumer's own (JetStream's default, "
                + "30s).") Duration ackWait,
        @Doc("Deprecated: use payload (parse_json: false is payload: text).") Boolean parseJson,
        @Doc(PayloadFormat.DOC) PayloadFormat payload,
        @Doc("Number of records, then the source finishes; unbounded when absent.") Long count,
        @Doc("Time allowed for one connection attempt; the next one follows after the back-off.") Duration connectTimeout,
        @Doc(Retries.CONNECT_BACKOFF_DOC + " JetStream: a message whose record failed downstream is nak'ed with the pause for its delivery count, then delivered again.") Backoff backoff) {

    public NatsSourceConfig {
        url = url == null ? "nats://127.0.0.1:4222" : url;
        BrokerUrl.parse("url", url, NatsLink.SCHEMES, 4222);
        if (subject == null || subject.isBlank() || subject.contains(" ")) {
            throw new ConfigException("subject", "is required: the subject to subscribe to, e.g. sensors.>");
        }
        if (stream != null && queueGroup != null) {
            throw new ConfigException("queue_group", "is for core NATS; a JetStream durable consumer is shared by its name (durable)");
        }
        if (stream == null && durable != null) {
            throw new ConfigException("durable", "needs stream: it names a JetStream consumer");
        }
        if (durable != null && !durable.matches("[A-Za-z0-9_-]+")) {
            throw new ConfigException("durable", "may hold letters, digits, _ and - only, was '" + durable + "'");
        }
        batch = batch == null ? 100 : batch;
        if (ackWait != null && stream == null) {
            throw new ConfigException("ack_wait", "needs stream: core NATS has no acknowledgements");
        }
        if (ackWait != null && ackWait.toMillis() < 100) {
            throw new ConfigException("ack_wait", "must be at least 100ms, was " + ackWait.toMillis() + "ms");
        }
        if (batch < 1) {
            throw new ConfigException("batch", "must be at least 1, was " + batch);
        }
        payload = PayloadFormat.of(payload, parseJson);
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        backoff = backoff == null ? Backoff.DEFAULT : backoff;
        if (count != null && count < 0) {
            throw new ConfigException("count", "must not be negative, was " + count);
        }
    }
}
