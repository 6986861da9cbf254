package dev.blueprint.components.mqtt;

import dev.blueprint.api.Acknowledgement;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Record;
import dev.blueprint.components.broker.DeliveryWindow;
import dev.blueprint.components.payload.MessagePayload;
import dev.blueprint.components.broker.ChannelTemplate;
import java.time.Duration;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each record to its topic. While the broker is away the sink waits (its input queue fills and
 * back-pressure reaches the source); messages sent but not acknowledged when the connection dropped are
 * sent again by Paho on the resumed session. A record counts as written, and its acknowledgement is
 * released, once the broker acknowledged it (QoS 1) or it was written to the socket (QoS 0).
 */
final class MqttSink implements Component, MqttBroker.Listener {
    private static final Logger log = LoggerFactory.getLogger(MqttSink.class);
    private final MqttSinkConfig config;
    private final ChannelTemplate topic;
    private final DeliveryWindow window;
    private ComponentContext context;
    private MqttBroker broker;

    MqttSink(MqttSinkConfig config) {
        this.config = config;
        this.topic = ChannelTemplate.parse("topic", config.topic());
        this.window = new DeliveryWindow(config.maxInFlight());
    }

    @Override
    public void start(ComponentContext context) {
        this.context = context;
        context.written(0); // a sink: the summary says written= and unwritten= for it even when nothing got out
        String clientId = MqttClientIds.of(context, config.clientId(), false);
        broker = new MqttBroker(context, config.url(), clientId, false, config.maxInFlight(), config.connectTimeout(), this);
        broker.connect(context);
        log.info("{} - publishing to {} at QoS {} on {}", context.name(), topic, config.qos(), broker.url());
    }

    @Override
    public void onRecord(String input, Record record) throws Exception {
        String target = topic.fill(record.value());
        byte[] payload = MessagePayload.encode(context.json(), record.value(), config.payloadField());
        Acknowledgement acknowledgement = context.hold();
        window.take();
        while (true) {
            if (!DeliveryWindow.awaitConnected(broker::isConnected, context)) {
                window.abandoned();
                acknowledgement.release();
                throw new IllegalStateException("stopped while the MQTT broker " + broker.url() + " was away; record not sent");
            }
            try {
                MqttMessage message = new MqttMessage(payload);
                message.setQos(config.qos());
                message.setRetained(config.retain());
                broker.client().publish(target, message, null, new Delivery(acknowledgement));
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttException.REASON_CODE_CLIENT_NOT_CONNECTED
                        && e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                    window.abandoned();
                    acknowledgement.release();
                    throw e;
                }
                // the connection dropped between the check and the send, or Paho's own window is full: wait and send again
                Thread.sleep(20);
            }
        }
    }

    /** What happens to one published message. */
    private final class Delivery implements IMqttActionListener {
        private final Acknowledgement acknowledgement;

        Delivery(Acknowledgement acknowledgement) {
            this.acknowledgement = acknowledgement;
        }

        @Override
        public void onSuccess(IMqttToken token) {
            window.confirmed(context, acknowledgement);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable error) {
            log.warn("{} - a message to {} was not delivered: {}", context.name(), broker.url(), error.toString());
            window.abandoned();
            acknowledgement.release();
        }
    }

    @Override
    public void onInputsEnded() throws InterruptedException {
        if (!window.awaitAll(Duration.ofSeconds(30), () -> false)) {
            log.warn("{} - {} message(s) not acknowledged by {} after 30 s", context.name(), window.outstanding(), broker.url());
        }
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
        }
    }
}
