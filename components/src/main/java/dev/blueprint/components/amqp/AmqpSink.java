package dev.blueprint.components.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.MessageProperties;
import dev.blueprint.api.Acknowledgement;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Record;
import dev.blueprint.components.broker.DeliveryWindow;
import dev.blueprint.components.payload.MessagePayload;
import dev.blueprint.components.broker.ChannelTemplate;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each record with publisher confirms: a record counts as written, and its acknowledgement is
 * released, once the broker confirmed it. A nack, or a connection lost before the confirm, sends the
 * message again once the connection is back (so a message may arrive twice: at least once).
 */
final class AmqpSink implements Component {
    private static final Logger log = LoggerFactory.getLogger(AmqpSink.class);
    private final AmqpSinkConfig config;
    private final ChannelTemplate exchange;
    private final ChannelTemplate routingKey;
    private final DeliveryWindow window;
    private final ConcurrentNavigableMap<Long, Publish> unconfirmed = new ConcurrentSkipListMap<>();
    private final Queue<Publish> retries = new ConcurrentLinkedQueue<>();
    private ComponentContext context;
    private AmqpLink link;
    private Channel channel;

    private record Publish(String exchange, String routingKey, byte[] body, Acknowledgement acknowledgement) {
    }

    AmqpSink(AmqpSinkConfig config) {
        this.config = config;
        this.exchange = config.exchange().isEmpty() ? null : ChannelTemplate.parse("exchange", config.exchange());
        this.routingKey = ChannelTemplate.parse("routing_key", config.routingKey());
        this.window = new DeliveryWindow(config.maxInFlight());
    }

    @Override
    public void start(ComponentContext context) throws IOException {
        this.context = context;
        context.written(0); // a sink: the summary says written= and unwritten= for it even when nothing got out
        link = new AmqpLink(context, config.url(), config.connectTimeout(), this::resendUnconfirmed);
        channel = link.connection().createChannel();
        for (String queue : config.declareQueues()) {
            channel.queueDeclare(queue, true, false, false, null);
        }
        channel.confirmSelect();
        channel.addConfirmListener(new ConfirmListener() {
            @Override
            public void handleAck(long tag, boolean multiple) {
                confirmed(tag, multiple).forEach(p -> window.confirmed(context, p.acknowledgement()));
            }

            @Override
            public void handleNack(long tag, boolean multiple) {
                retries.addAll(confirmed(tag, multiple));
            }
        });
        log.info("{} - publishing to exchange '{}' with routing key {} (confirms) on {}", context.name(), config.exchange(), routingKey, link.url());
    }

    private java.util.Collection<Publish> confirmed(long tag, boolean multiple) {
        Map<Long, Publish> done = multiple ? unconfirmed.headMap(tag, true) : unconfirmed.subMap(tag, true, tag, true);
        java.util.List<Publish> out = new java.util.ArrayList<>(done.values());
        done.clear();
        return out;
    }

    /** After recovery the channel counts confirms from 1 again: what waited for a confirm is sent again. */
    private void resendUnconfirmed() {
        synchronized (this) {
            retries.addAll(unconfirmed.values());
            unconfirmed.clear();
        }
    }

    @Override
    public void onRecord(String input, Record record) throws Exception {
        byte[] body = MessagePayload.encode(context.json(), record.value(), config.payloadField());
        Publish p = new Publish(exchange == null ? "" : exchange.fill(record.value()), routingKey.fill(record.value()), body, context.hold());
        resend();
        window.take();
        publish(p);
    }

    private void resend() throws InterruptedException {
        for (Publish p; (p = retries.poll()) != null;) {
            publish(p);
        }
    }

    private void publish(Publish p) throws InterruptedException {
        AMQP.BasicProperties props = config.persistent() ? MessageProperties.PERSISTENT_TEXT_PLAIN : MessageProperties.TEXT_PLAIN;
        while (true) {
            if (!DeliveryWindow.awaitConnected(link::isUp, context)) {
                throw new IllegalStateException("stopped while the AMQP broker " + link.url() + " was away; record not sent");
            }
            synchronized (this) {
                long seq = channel.getNextPublishSeqNo();
                unconfirmed.put(seq, p);
                try {
                    channel.basicPublish(p.exchange(), p.routingKey(), props, p.body());
                    return;
                } catch (IOException | RuntimeException e) {
                    unconfirmed.remove(seq); // not sent: the connection went away; send again once it is back
                }
            }
            Thread.sleep(50);
        }
    }

    /**
     * Waits for the confirms of what is published, and publishes again what the broker nacked, before the
     * connection closes: in a stop too, since what the stop flushed upstream (a window's partial aggregate) is
     * published last. At most the grace period in a stop (60 s when the inputs simply ended); while the broker
     * is away it waits for it within that time.
     */
    @Override
    public void onInputsEnded() throws InterruptedException {
        Duration wait = context.isStopping() ? context.shutdownGracePeriod() : Duration.ofSeconds(60);
        long deadline = System.nanoTime() + wait.toNanos();
        while (window.outstanding() > 0 && System.nanoTime() < deadline) {
            if (!retries.isEmpty() && link.isUp()) {
                resend();
            }
            window.awaitAll(Duration.ofMillis(Math.max(1, Math.min(500, (deadline - System.nanoTime()) / 1_000_000))),
                    () -> !retries.isEmpty() && link.isUp());
        }
        if (window.outstanding() > 0) {
            log.warn("{} - {} publish(es) not confirmed by {} after {}", context.name(), window.outstanding(), link.url(), wait);
        }
    }

    @Override
    public void close() {
        if (link != null) {
            link.close();
        }
    }
}
