package dev.blueprint.components.kafka;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import dev.blueprint.api.Redaction;
import dev.blueprint.api.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Config of the {@code kafka} source: a member of a consumer group, committing offsets once records are handled.
 *
 * @param bootstrapServers the brokers to bootstrap from
 * @param topics the topics to consume
 * @param group the consumer group
 * @param startFrom where a group without a committed offset starts
 * @param maxPending records emitted and not yet handled, at most
 * @param commitInterval how often handled offsets are committed
 * @param sessionTimeout time after which the group gives a silent member's partitions to the others
 * @param parseJson whether a value that is one JSON document becomes that JSON
 * @param count records before the source finishes
 * @param connectTimeout time allowed to reach the brokers at start
 * @param properties further consumer properties
 */
public record KafkaSourceConfig(
        @Doc("The brokers to bootstrap from, host:port[,host:port...].") String bootstrapServers,
        @Doc(value = "The topics to consume.", example = "[\"readings\"]") List<String> topics,
        @Doc("The consumer group: instances of one group share the partitions, and the group keeps the committed "
                + "position across restarts. Absent: {system}_{component}.") String group,
        @Doc("Where a group with no committed offset starts: earliest or latest.") String startFrom,
        @Doc("Records emitted and not yet handled, at most; the source pauses its partitions at this many.") Integer maxPending,
        @Doc("How often the offsets of handled records are committed (also on a rebalance and at the end).") Duration commitInterval,
        @Doc("Time after which the group gives the partitions of a member that stopped answering (killed) to the others.")
        Duration sessionTimeout,
        @Doc("Whether a value that is one whole JSON document becomes that JSON in data (true) or stays text (false).") Boolean parseJson,
        @Doc("Number of records, then the source finishes; unbounded when absent.") Long count,
        @Doc("Time the brokers have to answer at start (and a probe, at most 5 s); brokers not there yet are an outage: the run starts and "
                + "waits for them.") Duration connectTimeout,
        @Doc("Further Kafka consumer properties (security.protocol, sasl.mechanism, ...), passed as they are.") @Secret Map<String, String> properties) {

    public KafkaSourceConfig {
        bootstrapServers = KafkaSinkConfig.servers(bootstrapServers);
        if (topics == null || topics.isEmpty() || topics.stream().anyMatch(t -> t == null || !t.matches("[A-Za-z0-9._-]+"))) {
            throw new ConfigException("topics", "is required: a list of topic names (letters, digits, . _ -), was " + topics);
        }
        topics = List.copyOf(topics);
        if (group != null && group.isBlank()) {
            throw new ConfigException("group", "must not be blank");
        }
        startFrom = startFrom == null ? "earliest" : startFrom;
        if (!startFrom.equals("earliest") && !startFrom.equals("latest")) {
            throw new ConfigException("start_from", "must be earliest or latest, was '" + startFrom + "'");
        }
        maxPending = maxPending == null ? 10_000 : maxPending;
        if (maxPending < 1) {
            throw new ConfigException("max_pending", "must be at least 1, was " + maxPending);
        }
        commitInterval = commitInterval == null ? Duration.ofSeconds(1) : commitInterval;
        sessionTimeout = sessionTimeout == null ? Duration.ofSeconds(45) : sessionTimeout;
        parseJson = parseJson == null || parseJson;
        if (count != null && count < 0) {
            throw new ConfigException("count", "must not be negative, was " + count);
        }
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** Shown in logs without the properties, which may hold credentials (sasl.jaas.config). */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
