package dev.blueprint.components.nats;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import dev.blueprint.components.broker.Backoff;
import dev.blueprint.components.broker.BrokerUrl;
import dev.blueprint.components.broker.ChannelTemplate;
import dev.blueprint.components.broker.Retries;
import java.time.Duration;

/**
 * Config of the {@code nats} sink.
 *
 * @param url the server
 * @param subject the subject template
 * @param jetstream whether to publish to JetStream and wait for its acknowledgements
 * @param maxInFlight JetStream publishes not yet acknowledged
 * @param payloadField send only this field of each record
 * @param connectTimeout time allowed for one connection attempt
 * @param retries sends after a failed one before the record is given up
 * @param backoff pauses between connection attempts and between sends of a failed record
 */
public record NatsSinkConfig(
        @Doc("The server, nats://[user:password@]host[:port] or tls://.") String url,
        @Doc(value = "The subject to publish each record to; {name} is filled with the record's field name, e.g. sensors.{room}.",
                example = "sensors.{room}") String subject,
        @Doc("Publish to JetStream and count a record written once the stream acknowledged it, sending again until it does "
                + "(deduplicated by message id); false: core NATS, at most once.") Boolean jetstream,
        @Doc("JetStream publishes not yet acknowledged; the sink waits (back-pressure) when this many are out.") Integer maxInFlight,
        @Doc("Send only this field of each record; the whole record when absent.") String payloadField,
        @Doc("Time allowed for one connection attempt; the next one follows after the back-off.") Duration connectTimeout,
        @Doc(Retries.RETRIES_DOC) Integer retries,
        @Doc(Retries.BACKOFF_DOC) Backoff backoff) {

    public NatsSinkConfig {
        url = url == null ? "nats://127.0.0.1:4222" : url;
        BrokerUrl.parse("url", url, NatsLink.SCHEMES, 4222);
        if (subject == null || subject.isBlank() || subject.contains("*") || subject.contains(">")) {
            throw new ConfigException("subject", "is required and without wildcards: the subject to publish to, e.g. sensors.{room}");
        }
        ChannelTemplate.parse("subject", subject);
        jetstream = jetstream != null && jetstream;
        maxInFlight = maxInFlight == null ? 1000 : maxInFlight;
        if (maxInFlight < 1) {
            throw new ConfigException("max_in_flight", "must be at least 1, was " + maxInFlight);
        }
        payloadField = payloadField == null || payloadField.isBlank() ? null : payloadField;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        retries = Retries.check(retries);
        backoff = backoff == null ? Backoff.DEFAULT : backoff;
    }
}
