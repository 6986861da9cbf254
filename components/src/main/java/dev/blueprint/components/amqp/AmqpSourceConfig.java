package dev.blueprint.components.amqp;

import dev.blueprint.components.payload.PayloadFormat;
import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import dev.blueprint.components.broker.Backoff;
import dev.blueprint.components.broker.BrokerUrl;
import dev.blueprint.components.broker.Retries;
import java.time.Duration;

/**
 * Config of the {@code amqp} source.
 *
 * @param url the broker and vhost
 * @param queue the queue to consume
 * @param declare whether to declare the queue (durable) at start
 * @param exchange an exchange to bind the declared queue to
 * @param bindingKey the binding's routing key pattern
 * @param prefetch messages delivered and not yet acknowledged
 * @param payload how the message's bytes become data
 * @param parseJson whether a body that is one JSON document becomes that JSON
 * @param count records before the source finishes
 * @param connectTimeout time allowed for one connection attempt
 * @param backoff pauses between connection attempts
 */
public record AmqpSourceConfig(
        @Doc("The broker, amqp://[user:password@]host[:port][/vhost] or amqps:// (vhost / is written %2f).") String url,
        @Doc(value = "The queue to consume, with manual acknowledgements: a message is acknowledged once its record is handled.",
                example = "orders") String queue,
        @Doc("Declare the queue (durable) at start if it does not exist; false: it must exist.") Boolean declare,
        @Doc("With declare: bind the queue to this exchange (which must exist); absent: no binding.") String exchange,
        @Doc("With exchange: the binding key (orders.# on a topic exchange).") String bindingKey,
        @Doc("Messages the broker delivers before the first is acknowledged (basic.qos prefetch).") Integer prefetch,
        @Doc("Deprecated: use payload (parse_json: false is payload: text).") Boolean parseJson,
        @Doc(PayloadFormat.DOC) PayloadFormat payload,
        @Doc("Number of records, then the source finishes; unbounded when absent.") Long count,
        @Doc("Time allowed for one connection attempt; the next one follows after the back-off.") Duration connectTimeout,
        @Doc(Retries.CONNECT_BACKOFF_DOC) Backoff backoff) {

    public AmqpSourceConfig {
        url = url == null ? "amqp://guest:guest@127.0.0.1:5672/%2f" : url;
        BrokerUrl.parse("url", url, AmqpLink.SCHEMES, 5672);
        if (queue == null || queue.isBlank()) {
            throw new ConfigException("queue", "is required: the queue to consume");
        }
        declare = declare == null || declare;
        if (exchange != null && !declare) {
            throw new ConfigException("exchange", "binds the queue declared at start; it needs declare: true");
        }
        bindingKey = bindingKey == null ? (exchange == null ? null : "#") : bindingKey;
        prefetch = prefetch == null ? 256 : prefetch;
        if (prefetch < 1 || prefetch > 65535) {
            throw new ConfigException("prefetch", "must be 1..65535, was " + prefetch);
        }
        payload = PayloadFormat.of(payload, parseJson);
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        backoff = backoff == null ? Backoff.DEFAULT : backoff;
        if (count != null && count < 0) {
            throw new ConfigException("count", "must not be negative, was " + count);
        }
    }
}
