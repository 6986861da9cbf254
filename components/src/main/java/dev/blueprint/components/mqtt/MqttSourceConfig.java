package dev.blueprint.components.mqtt;

import dev.blueprint.components.payload.PayloadFormat;
import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import dev.blueprint.components.broker.Backoff;
import dev.blueprint.components.broker.BrokerUrl;
import dev.blueprint.components.broker.Retries;
import java.time.Duration;
import java.util.List;

/**
 * Config of the {@code mqtt} source.
 *
 * @param url the broker
 * @param topics topic filters to subscribe to, wildcards allowed
 * @param qos the subscription's quality of service
 * @param clientId the client id; the session is kept under it
 * @param cleanSession whether to start a new session at each connect
 * @param payload how the message's bytes become data
 * @param parseJson whether a payload that is one JSON document becomes that JSON
 * @param sharedGroup the shared subscription's group, or null
 * @param count records before the source finishes
 * @param connectTimeout time allowed for one connection attempt
 * @param backoff pauses between connection attempts
 */
public record MqttSourceConfig(
        @Doc("The broker, tcp://[user:password@]host[:port] (also mqtt://, ssl://, mqtts://, ws://, wss://).") String url,
        @Doc(value = "Topic filters to subscribe to; + and # are wildcards (sensors/+/temperature, sensors/#).",
                example = "[\"sensors/#\"]") List<String> topics,
        @Doc("0 (at most once) or 1 (at least once: acknowledged to the broker after the record is handled).") Integer qos,
        @Doc("The MQTT client id, under which the broker keeps the session; absent: {system}-{component}-{host} ($HOSTNAME, else the "
                + "host's name), or {system}-{component}-{random} with clean_session. Pin it (one per instance) when several instances "
                + "share a host name.")
        String clientId,
        @Doc("Start a new session at each connect (true) or resume it (false): the broker keeps the subscriptions and queues "
                + "QoS 1 messages while the source is away.") Boolean cleanSession,
        @Doc("Deprecated: use payload (parse_json: false is payload: text).") Boolean parseJson,
        @Doc(PayloadFormat.DOC) PayloadFormat payload,
        @Doc("Subscribe as a member of this shared subscription ($share/NAME/<filter>, MQTT 5 and Mosquitto 2): the replicas "
                + "that name the same group split the messages, each to one of them. Absent: every instance gets every message.")
        String sharedGroup,
        @Doc("Number of records, then the source finishes; unbounded when absent.") Long count,
        @Doc("Time allowed for one connection attempt; the next one follows after the back-off.") Duration connectTimeout,
        @Doc(Retries.CONNECT_BACKOFF_DOC) Backoff backoff) {

    public MqttSourceConfig {
        url = url == null ? "tcp://127.0.0.1:1883" : url;
        BrokerUrl.parse("url", url, MqttBroker.SCHEMES, 1883);
        if (topics == null || topics.isEmpty()) {
            throw new ConfigException("topics", "is required: the topic filters to subscribe to, e.g. [\"sensors/#\"]");
        }
        topics = List.copyOf(topics);
        for (String t : topics) {
            MqttTopics.checkFilter("topics", t);
        }
        qos = qos == null ? 1 : qos;
        if (qos < 0 || qos > 1) {
            throw new ConfigException("qos", "must be 0 or 1, was " + qos);
        }
        cleanSession = cleanSession != null && cleanSession;
        if (sharedGroup != null && (sharedGroup.isEmpty() || sharedGroup.chars().anyMatch(c -> c == '/' || c == '+' || c == '#'))) {
            throw new ConfigException("shared_group", "must be a non-empty name without /, + or #, was '" + sharedGroup + "'");
        }
        payload = PayloadFormat.of(payload, parseJson);
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        backoff = backoff == null ? Backoff.DEFAULT : backoff;
        if (count != null && count < 0) {
            throw new ConfigException("count", "must not be negative, was " + count);
        }
    }
}
