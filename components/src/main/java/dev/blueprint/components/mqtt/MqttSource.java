package dev.blueprint.components.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import dev.blueprint.api.ComponentInitializationException;
import dev.blueprint.components.broker.MessageLimit;
import dev.blueprint.components.broker.PendingAcknowledgements;
import dev.blueprint.components.payload.MessagePayload;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes to topic filters and emits {@code {topic, retained, data}} per message. A QoS 1 message is
 * acknowledged to the broker only once its record has been handled, so a message whose record was lost
 * with the process comes again on the resumed session.
 */
final class MqttSource implements Component, MqttBroker.Listener {
    private static final Logger log = LoggerFactory.getLogger(MqttSource.class);
    private final MqttSourceConfig config;
    private final MessageLimit limit;
    private ComponentContext context;
    private Output out;
    private MqttBroker broker;

    MqttSource(MqttSourceConfig config) {
        this.config = config;
        this.limit = new MessageLimit(config.count());
    }

    @Override
    public void start(ComponentContext context) {
        this.context = context;
        this.out = context.output();
        String clientId = MqttClientIds.of(context, config.clientId(), config.cleanSession());
        broker = new MqttBroker(context, config.url(), clientId, config.cleanSession(), 10, config.connectTimeout(), this);
        broker.connect(context);
        try {
            subscribe().waitForCompletion(config.connectTimeout().toMillis());
        } catch (MqttException e) {
            throw new ComponentInitializationException(context.name() + ": cannot subscribe to " + config.topics() + " on "
                    + broker.url() + ": " + e.getMessage(), e);
        }
        log.info("{} - subscribed to {} at QoS {} on {} as {}", context.name(), java.util.Arrays.asList(filters()), config.qos(), broker.url(),
                clientId);
    }

    /** The topic filters as subscribed: {@code $share/<group>/<filter>} with a shared group, so that replicas split the messages. */
    private String[] filters() {
        return config.topics().stream().map(t -> config.sharedGroup() == null ? t : "$share/" + config.sharedGroup() + "/" + t)
                .toArray(String[]::new);
    }

    private org.eclipse.paho.client.mqttv3.IMqttToken subscribe() throws MqttException {
        int[] qos = new int[config.topics().size()];
        java.util.Arrays.fill(qos, config.qos());
        return broker.client().subscribe(filters(), qos);
    }

    @Override
    public void onConnected(boolean reconnect) {
        if (reconnect) {
            try {
                subscribe(); // a resumed session has them already; a broker that lost it needs them again
            } catch (MqttException e) {
                log.warn("{} - subscribing again after reconnecting failed: {}", context.name(), e.toString());
            }
        }
    }

    @Override
    public void onMessage(String topic, MqttMessage message) {
        limit.offer(() -> {
            ObjectNode record = context.json().createObjectNode();
            record.put("topic", topic);
            record.put("retained", message.isRetained());
            MessagePayload.emit(context, out, record, message.getPayload(), config.payload(), () -> broker.acknowledge(message));
        });
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
        if (broker != null) {
            try {
                PendingAcknowledgements.await(context);
            } finally {
                broker.close();
            }
        }
    }
}
