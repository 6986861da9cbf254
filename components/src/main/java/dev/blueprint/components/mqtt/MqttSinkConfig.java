package dev.blueprint.components.mqtt;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import dev.blueprint.components.broker.Backoff;
import dev.blueprint.components.broker.BrokerUrl;
import dev.blueprint.components.broker.ChannelTemplate;
import dev.blueprint.components.broker.Retries;
import java.time.Duration;

/**
 * Config of the {@code mqtt} sink.
 *
 * @param url the broker
 * @param topic the topic template
 * @param qos quality of service of each publish
 * @param retain whether the broker keeps the last message of each topic for new subscribers
 * @param clientId the client id
 * @param maxInFlight QoS 1 messages sent and not yet acknowledged
 * @param payloadField send only this field of each record
 * @param connectTimeout time allowed for one connection attempt
 * @param retries sends after a failed one before the record is given up
 * @param backoff pauses between connection attempts and between sends of a failed record
 */
public record MqttSinkConfig(
        @Doc("The broker, tcp://[user:password@]host[:port] (also mqtt://, ssl://, mqtts://, ws://, wss://).") String url,
        @Doc(value = "The topic to publish each record to; {name} is filled with the record's field name, e.g. sensors/{room}.",
                example = "sensors/{room}") String topic,
        @Doc("0 (at most once) or 1 (at least once: a record counts as written once the broker acknowledged it).") Integer qos,
        @Doc("Publish as retained: the broker keeps the last message of each topic and gives it to new subscribers.") Boolean retain,
        @Doc("The MQTT client id; absent: {system}-{component}-{host} ($HOSTNAME, else the host's name). Pin it (one per instance) "
                + "when several instances share a host name.") String clientId,
        @Doc("Messages sent and not yet acknowledged; the sink waits (back-pressure) when this many are out.") Integer maxInFlight,
        @Doc("Send only this field of each record; the whole record when absent.") String payloadField,
        @Doc("Time allowed for one connection attempt; the next one follows after the back-off.") Duration connectTimeout,
        @Doc(Retries.RETRIES_DOC) Integer retries,
        @Doc(Retries.BACKOFF_DOC) Backoff backoff) {

    public MqttSinkConfig {
        url = url == null ? "tcp://127.0.0.1:1883" : url;
        BrokerUrl.parse("url", url, MqttBroker.SCHEMES, 1883);
        if (topic == null || topic.isBlank()) {
            throw new ConfigException("topic", "is required: the topic to publish to, e.g. sensors/{room}");
        }
        if (topic.contains("+") || topic.contains("#")) {
            throw new ConfigException("topic", "must not hold the wildcards + or # (they are for subscriptions), was '" + topic + "'");
        }
        ChannelTemplate.parse("topic", topic);
        qos = qos == null ? 1 : qos;
        if (qos < 0 || qos > 1) {
            throw new ConfigException("qos", "must be 0 or 1, was " + qos);
        }
        retain = retain != null && retain;
        maxInFlight = maxInFlight == null ? 1000 : maxInFlight;
        if (maxInFlight < 1 || maxInFlight > 65535) {
            throw new ConfigException("max_in_flight", "must be 1..65535, was " + maxInFlight);
        }
        payloadField = payloadField == null || payloadField.isBlank() ? null : payloadField;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        retries = Retries.check(retries);
        backoff = backoff == null ? Backoff.DEFAULT : backoff;
    }
}
