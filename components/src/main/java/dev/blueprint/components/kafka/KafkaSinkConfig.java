package dev.blueprint.components.kafka;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import dev.blueprint.api.Redaction;
import dev.blueprint.api.Secret;
import java.time.Duration;
import java.util.Map;

/**
 * Config of the {@code kafka} sink: an idempotent producer waiting for every in-sync replica ({@code acks=all}).
 *
 * @param bootstrapServers the brokers to bootstrap from
 * @param topic the topic to write to
 * @param key jq expression for the record's key
 * @param headers header name to jq expression
 * @param payloadField send only this field
 * @param maxInFlight records sent and not yet acknowledged by the brokers, at most
 * @param deliveryTimeout time a record may take to be acknowledged, retries included
 * @param linger time a batch waits for more records
 * @param compression none, gzip, snappy, lz4 or zstd
 * @param connectTimeout time allowed to reach the brokers at start
 * @param properties further producer properties
 */
public record KafkaSinkConfig(
        @Doc("The brokers to bootstrap from, host:port[,host:port...].") String bootstrapServers,
        @Doc(value = "The topic to write each record to.", example = "readings") String topic,
        @Doc("A jq expression for each record's key (records of one key keep their order in one partition); "
                + "a string is sent as it is, anything else as JSON. Absent: no key.") String key,
        @Doc("Headers: name to jq expression, e.g. {source: .origin}; a null result leaves the header out.") Map<String, String> headers,
        @Doc("Send only this field of each record; the whole record when absent.") String payloadField,
        @Doc("Records sent and not yet acknowledged by the brokers; the sink waits (back-pressure) when this many are out.")
        Integer maxInFlight,
        @Doc("Time a record may take to be acknowledged, the producer's retries included; then it counts as failed and its "
                + "source is told (it reads or delivers it again).") Duration deliveryTimeout,
        @Doc("Time a batch waits for more records before it is sent.") Duration linger,
        @Doc("Batch compression: none, gzip, snappy, lz4 or zstd.") String compression,
        @Doc("Time the brokers have to answer at start (and a probe, at most 5 s); brokers not there yet are an outage: the run starts and "
                + "waits for them.") Duration connectTimeout,
        @Doc("Further Kafka producer properties (security.protocol, sasl.mechanism, ...), passed as they are; acks and "
                + "enable.idempotence cannot be changed.") @Secret Map<String, String> properties) {

    public KafkaSinkConfig {
        bootstrapServers = servers(bootstrapServers);
        if (topic == null || !topic.matches("[A-Za-z0-9._-]+")) {
            throw new ConfigException("topic", "is required: a topic name (letters, digits, . _ -), was " + topic);
        }
        key = key == null || key.isBlank() ? null : key;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        payloadField = payloadField == null || payloadField.isBlank() ? null : payloadField;
        maxInFlight = maxInFlight == null ? 10_000 : maxInFlight;
        if (maxInFlight < 1) {
            throw new ConfigException("max_in_flight", "must be at least 1, was " + maxInFlight);
        }
        deliveryTimeout = deliveryTimeout == null ? Duration.ofMinutes(2) : deliveryTimeout;
        linger = linger == null ? Duration.ofMillis(5) : linger;
        if (deliveryTimeout.toMillis() < linger.toMillis() + 1000) {
            throw new ConfigException("delivery_timeout", "must be at least linger + 1s, was " + deliveryTimeout);
        }
        compression = compression == null ? "none" : compression;
        if (!java.util.List.of("none", "gzip", "snappy", "lz4", "zstd").contains(compression)) {
            throw new ConfigException("compression", "must be none, gzip, snappy, lz4 or zstd, was '" + compression + "'");
        }
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        for (String fixed : java.util.List.of("acks", "enable.idempotence")) {
            if (properties.containsKey(fixed)) {
                throw new ConfigException("properties." + fixed, "cannot be changed: the sink writes with acks=all and idempotence on");
            }
        }
    }

    /** The bootstrap list, checked: host:port pairs separated by commas. */
    static String servers(String value) {
        String servers = value == null ? "127.0.0.1:9092" : value.trim();
        for (String s : servers.split(",")) {
            if (!s.trim().matches("[^\\s:/]+:\\d{1,5}")) {
                throw new ConfigException("bootstrap_servers", "must be host:port[,host:port...], was '" + value + "'");
            }
        }
        return servers;
    }

    /** Shown in logs without the properties, which may hold credentials (sasl.jaas.config). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
