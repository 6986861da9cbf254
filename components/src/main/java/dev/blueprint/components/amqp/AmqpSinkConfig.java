package dev.blueprint.components.amqp;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import dev.blueprint.components.broker.Backoff;
import dev.blueprint.components.broker.BrokerUrl;
import dev.blueprint.components.broker.ChannelTemplate;
import dev.blueprint.components.broker.Retries;
import java.time.Duration;
import java.util.List;

/**
 * Config of the {@code amqp} sink.
 *
 * @param url the broker and vhost
 * @param exchange the exchange template
 * @param routingKey the routing key template
 * @param declareQueues durable queues to declare at start
 * @param persistent whether messages are persistent
 * @param maxInFlight publishes not yet confirmed
 * @param payloadField send only this field of each record
 * @param connectTimeout time allowed for one connection attempt
 * @param retries sends after a failed one before the record is given up
 * @param backoff pauses between connection attempts and between sends of a failed record
 */
public record AmqpSinkConfig(
        @Doc("The broker, amqp://[user:password@]host[:port][/vhost] or amqps:// (vhost / is written %2f).") String url,
        @Doc("The exchange to publish to; {name} is filled with the record's field name. Empty: the default exchange, "
                + "which routes to the queue named by routing_key.") String exchange,
        @Doc(value = "The routing key; {name} placeholders as for exchange, e.g. orders.{region}.", example = "orders") String routingKey,
        @Doc("Durable queues to declare at start (for the default exchange, the queues routing_key names).") List<String> declareQueues,
        @Doc("Publish persistent messages (delivery mode 2), which a durable queue keeps across a broker restart.") Boolean persistent,
        @Doc("Publishes not yet confirmed by the broker (publisher confirms); the sink waits (back-pressure) when this many are out.")
        Integer maxInFlight,
        @Doc("Send only this field of each record; the whole record when absent.") String payloadField,
        @Doc("Time allowed for one connection attempt; the next one follows after the back-off.") Duration connectTimeout,
        @Doc(Retries.RETRIES_DOC) Integer retries,
        @Doc(Retries.BACKOFF_DOC) Backoff backoff) {

    public AmqpSinkConfig {
        url = url == null ? "amqp://guest:guest@127.0.0.1:5672/%2f" : url;
        BrokerUrl.parse("url", url, AmqpLink.SCHEMES, 5672);
        exchange = exchange == null ? "" : exchange;
        if (!exchange.isEmpty()) {
            ChannelTemplate.parse("exchange", exchange);
        }
        if (routingKey == null) {
            throw new ConfigException("routing_key", "is required: the routing key (with the default exchange, the queue's name)");
        }
        ChannelTemplate.parse("routing_key", routingKey);
        declareQueues = declareQueues == null ? List.of() : List.copyOf(declareQueues);
        persistent = persistent == null || persistent;
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
