package dev.blueprint.components.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Record;
import dev.blueprint.components.broker.DeliveryWindow;
import dev.blueprint.components.broker.Outbox;
import dev.blueprint.components.payload.MessagePayload;
import dev.blueprint.components.broker.ChannelTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each record with publisher confirms, through an {@link Outbox}: a record counts as written, and its
 * acknowledgement is released, once the broker confirmed it. A nack (a queue full with {@code reject-publish},
 * say), or a connection lost before the confirm, sends the message again after the back-off (so a message may
 * arrive twice: at least once), up to {@code retries}.
 */
final class AmqpSink implements Component {
    private static final Logger log = LoggerFactory.getLogger(AmqpSink.class);
    private final AmqpSinkConfig config;
    private final ChannelTemplate exchange;
    private final ChannelTemplate routingKey;
    private final ConcurrentNavigableMap<Long, Sent> unconfirmed = new ConcurrentSkipListMap<>();
    private ComponentContext context;
    private AmqpLink link;
    private volatile Channel channel;
    private Outbox<Publish> outbox;

    private record Publish(String exchange, String routingKey, byte[] body) {
    }

    private record Sent(DeliveryWindow.Ticket ticket, Publish publish) {
    }

    AmqpSink(AmqpSinkConfig config) {
        this.config = config;
        this.exchange = config.exchange().isEmpty() ? null : ChannelTemplate.parse("exchange", config.exchange());
        this.routingKey = ChannelTemplate.parse("routing_key", config.routingKey());
    }

    @Override
    public void start(ComponentContext context) {
        this.context = context;
        context.written(0); // a sink: the summary says written= and unwritten= for it even when nothing got out
        link = new AmqpLink(context, config.url(), config.connectTimeout(), config.backoff(), this::open, this::resendUnconfirmed);
        outbox = new Outbox<>(context, config.maxInFlight(), config.retries(), config.backoff(), link::isUp, link.url().toString(),
                this::publish);
        link.start();
        log.info("{} - publishing to exchange '{}' with routing key {} (confirms) on {}", context.name(), config.exchange(), routingKey, link.url());
    }

    /** Once connected: a channel in confirm mode (recovered with the connection afterwards). */
    private void open(Connection connection) {
        try {
            Channel c = connection.createChannel();
            for (String queue : config.declareQueues()) {
                c.queueDeclare(queue, true, false, false, null);
            }
            c.confirmSelect();
            c.addConfirmListener(new ConfirmListener() {
                @Override
                public void handleAck(long tag, boolean multiple) {
                    settled(tag, multiple).forEach(s -> outbox.confirmed(s.ticket()));
                }

                @Override
                public void handleNack(long tag, boolean multiple) {
                    settled(tag, multiple).forEach(s -> outbox.failed(s.ticket(), s.publish(), new IOException("the broker nacked the message")));
                }
            });
            channel = c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Sent> settled(long tag, boolean multiple) {
        Map<Long, Sent> done = multiple ? unconfirmed.headMap(tag, true) : unconfirmed.subMap(tag, true, tag, true);
        List<Sent> out = new ArrayList<>(done.values());
        done.clear();
        return out;
    }

    /** After recovery the channel counts confirms from 1 again: what waited for a confirm is sent again. */
    private void resendUnconfirmed() {
        List<Sent> lost;
        synchronized (this) {
            lost = new ArrayList<>(unconfirmed.values());
            unconfirmed.clear();
        }
        lost.forEach(s -> outbox.failed(s.ticket(), s.publish(), new IOException("the connection was lost before the broker confirmed it")));
    }

    @Override
    public void onRecord(String input, Record record) throws Exception {
        byte[] body = MessagePayload.encode(context.json(), record.value(), config.payloadField());
        outbox.submit(record, new Publish(exchange == null ? "" : exchange.fill(record.value()), routingKey.fill(record.value()), body));
    }

    private void publish(DeliveryWindow.Ticket ticket, Publish p) throws IOException {
        AMQP.BasicProperties props = config.persistent() ? MessageProperties.PERSISTENT_TEXT_PLAIN : MessageProperties.TEXT_PLAIN;
        synchronized (this) {
            Channel c = channel;
            long seq = c.getNextPublishSeqNo();
            unconfirmed.put(seq, new Sent(ticket, p));
            try {
                c.basicPublish(p.exchange(), p.routingKey(), props, p.body());
            } catch (IOException | RuntimeException e) {
                unconfirmed.remove(seq); // not sent: the connection went away; the outbox sends it again
                throw e;
            }
        }
    }

    /**
     * Waits for the confirms of what is published, and publishes again what the broker nacked, before the
     * connection closes: in a stop too, since what the stop flushed upstream (a window's partial aggregate) is
     * published last. At most the grace period.
     */
    @Override
    public void onInputsEnded() throws InterruptedException {
        outbox.drain();
    }

    @Override
    public void close() {
        if (outbox != null) {
            outbox.giveBack();
        }
        if (link != null) {
            link.close();
        }
    }
}
