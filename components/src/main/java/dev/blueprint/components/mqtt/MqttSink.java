package dev.blueprint.components.mqtt;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Record;
import dev.blueprint.components.broker.DeliveryWindow;
import dev.blueprint.components.broker.Outbox;
import dev.blueprint.components.payload.MessagePayload;
import dev.blueprint.components.broker.ChannelTemplate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each record to its topic through an {@link Outbox}. While the broker is away the sink waits (its
 * input queue fills and back-pressure reaches the source); messages sent but not acknowledged when the connection
 * dropped are sent again by Paho on the resumed session. A record counts as written, and its acknowledgement is
 * released, once the broker acknowledged it (QoS 1) or it was written to the socket (QoS 0); a publish that fails
 * is sent again after the back-off, and given up after {@code retries}.
 */
final class MqttSink implements Component {
    private static final Logger log = LoggerFactory.getLogger(MqttSink.class);
    private final MqttSinkConfig config;
    private final ChannelTemplate topic;
    private ComponentContext context;
    private MqttBroker broker;
    private Outbox<Message> outbox;
    /**
     * Publishes sent and not yet confirmed or failed, one entry per attempt (a callback of an earlier attempt of the
     * same record, which Paho may still fire, finds its entry gone and does nothing): handed back to the outbox if
     * their client is given up.
     */
    private final Map<DeliveryWindow.Ticket, Attempt> sent = new ConcurrentHashMap<>();

    /** One send of a message; compared by identity. */
    private static final class Attempt {
        final Message message;

        Attempt(Message message) {
            this.message = message;
        }
    }

    private record Message(String topic, byte[] payload) {
    }

    MqttSink(MqttSinkConfig config) {
        this.config = config;
        this.topic = ChannelTemplate.parse("topic", config.topic());
    }

    @Override
    public void start(ComponentContext context) {
        this.context = context;
        context.written(0); // a sink: the summary says written= and unwritten= for it even when nothing got out
        String clientId = MqttClientIds.of(context, config.clientId(), false);
        broker = new MqttBroker(context, config.url(), clientId, false, config.maxInFlight(), config.connectTimeout(), config.backoff(),
                (t, m, ack) -> { }, () -> { }, this::resendUnconfirmed);
        outbox = new Outbox<>(context, config.maxInFlight(), config.retries(), config.backoff(), broker::isConnected,
                broker.url().toString(), this::publish);
        broker.start();
        log.info("{} - publishing to {} at QoS {} on {}", context.name(), topic, config.qos(), broker.url());
    }

    @Override
    public void onRecord(String input, Record record) throws Exception {
        byte[] payload = MessagePayload.encode(context.json(), record.value(), config.payloadField());
        outbox.submit(record, new Message(topic.fill(record.value()), payload));
    }

    private void publish(DeliveryWindow.Ticket ticket, Message m) throws MqttException, InterruptedException {
        while (true) {
            try {
                MqttMessage message = new MqttMessage(m.payload());
                message.setQos(config.qos());
                message.setRetained(config.retain());
                Attempt attempt = new Attempt(m);
                sent.put(ticket, attempt);
                try {
                    broker.client().publish(m.topic(), message, null, new IMqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            if (sent.remove(ticket, attempt)) {
                                outbox.confirmed(ticket);
                            }
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable error) {
                            if (sent.remove(ticket, attempt)) {
                                outbox.failed(ticket, m, error);
                            }
                        }
                    });
                } catch (MqttException | RuntimeException e) {
                    sent.remove(ticket, attempt);
                    throw e;
                }
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttException.REASON_CODE_CLIENT_NOT_CONNECTED
                        && e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT || context.isStopping() && !broker.isConnected()) {
                    throw e;
                }
                // the connection dropped between the check and the send, or Paho's own window is full: wait and send again
                Thread.sleep(20);
            }
        }
    }

    /** The client these were sent on was given up: none of them will be confirmed, so each goes round again. */
    private void resendUnconfirmed() {
        for (DeliveryWindow.Ticket ticket : List.copyOf(sent.keySet())) {
            Attempt attempt = sent.remove(ticket);
            if (attempt != null) {
                outbox.failed(ticket, attempt.message, new MqttException(MqttException.REASON_CODE_CONNECTION_LOST));
            }
        }
    }

    @Override
    public void onInputsEnded() throws InterruptedException {
        outbox.drain();
    }

    @Override
    public void close() {
        if (outbox != null) {
            outbox.giveBack();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
