package dev.blueprint.components.amqp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import dev.blueprint.components.broker.MessageLimit;
import dev.blueprint.components.broker.PendingAcknowledgements;
import dev.blueprint.components.payload.MessagePayload;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes a queue with manual acknowledgements and a prefetch window, emitting
 * {@code {exchange, routing_key, redelivered, data}} per message and acknowledging it once its record has
 * been handled: what was not acknowledged when the connection or the process went away is delivered
 * again (at least once), and a message whose record failed downstream is nacked with requeue.
 */
final class AmqpSource implements Component {
    private static final Logger log = LoggerFactory.getLogger(AmqpSource.class);
    private final AmqpSourceConfig config;
    private final MessageLimit limit;
    private ComponentContext context;
    private Output out;
    private AmqpLink link;
    private volatile Channel channel;

    AmqpSource(AmqpSourceConfig config) {
        this.config = config;
        this.limit = new MessageLimit(config.count());
    }

    @Override
    public void start(ComponentContext context) {
        this.context = context;
        this.out = context.output();
        link = new AmqpLink(context, config.url(), config.connectTimeout(), config.backoff(), this::consume, () -> { });
        link.start();
    }

    /** Once connected: declares, sets the prefetch and consumes; the client's recovery does it again after an outage. */
    private void consume(Connection connection) {
        try {
            Channel c = connection.createChannel();
            if (config.declare()) {
                c.queueDeclare(config.queue(), true, false, false, null);
                if (config.exchange() != null) {
                    c.queueBind(config.queue(), config.exchange(), config.bindingKey());
                }
            }
            c.basicQos(config.prefetch());
            channel = c;
            c.basicConsume(config.queue(), false, (tag, delivery) -> onDelivery(delivery), tag -> limit.stop());
            log.info("{} - consuming queue {} (prefetch {}) on {}", context.name(), config.queue(), config.prefetch(), link.url());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void onDelivery(Delivery delivery) {
        limit.offer(() -> {
            ObjectNode record = context.json().createObjectNode();
            record.put("exchange", delivery.getEnvelope().getExchange());
            record.put("routing_key", delivery.getEnvelope().getRoutingKey());
            record.put("redelivered", delivery.getEnvelope().isRedeliver());
            long tag = delivery.getEnvelope().getDeliveryTag();
            MessagePayload.emit(context, out, record, delivery.getBody(), config.payload(), () -> acknowledge(tag), reason -> requeue(tag));
        });
    }

    private void acknowledge(long tag) {
        synchronized (channel) {
            try {
                channel.basicAck(tag, false);
            } catch (IOException | RuntimeException e) {
                // the channel closed: the broker delivers the message again after recovery
                log.debug("{} - acknowledging delivery {}: {}", context.name(), tag, e.toString());
            }
        }
    }

    /** A record failed downstream: basic.nack with requeue, so that the broker delivers the message again. */
    private void requeue(long tag) {
        synchronized (channel) {
            try {
                channel.basicNack(tag, false, true);
            } catch (IOException | RuntimeException e) {
                // the channel closed: unacknowledged, the message is delivered again after recovery anyway
                log.debug("{} - nack of delivery {}: {}", context.name(), tag, e.toString());
            }
        }
    }

    @Override
    public void run() throws InterruptedException {
        limit.await();
    }

    @Override
    public void stop() {
        limit.stop();
    }

    @Override
    public void close() throws InterruptedException {
        if (link != null) {
            try {
                PendingAcknowledgements.await(context);
            } finally {
                link.close();
            }
        }
    }
}
