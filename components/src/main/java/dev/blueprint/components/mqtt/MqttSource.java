package dev.blueprint.components.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
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
 * with the process, or failed downstream, comes again on the resumed session.
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
        broker = new MqttBroker(context, config.url(), clientId, config.cleanSession(), 10, config.connectTimeout(), config.backoff(), this,
                this::subscribe, () -> { });
        broker.start();
        log.info("{} - subscribing to {} at QoS {} on {} as {}", context.name(), java.util.Arrays.asList(filters()), config.qos(),
                broker.url(), clientId);
    }

    /** The topic filters as subscribed: {@code $share/<group>/<filter>} with a shared group, so that replicas split the messages. */
    private String[] filters() {
        return config.topics().stream().map(t -> config.sharedGroup() == null ? t : "$share/" + config.sharedGroup() + "/" + t)
                .toArray(String[]::new);
    }

    /** After each connect: a resumed session has the subscriptions already; a new one, or a broker that lost it, needs them. */
    private void subscribe() {
        int[] qos = new int[config.topics().size()];
        java.util.Arrays.fill(qos, config.qos());
        try {
            broker.client().subscribe(filters(), qos).waitForCompletion(config.connectTimeout().toMillis());
        } catch (MqttException e) {
            log.warn("{} - subscribing to {} on {} failed: {}", context.name(), config.topics(), broker.url(), e.toString());
        }
    }

    @Override
    public void onMessage(String topic, MqttMessage message, Runnable acknowledge) {
        limit.offer(() -> {
            ObjectNode record = context.json().createObjectNode();
            record.put("topic", topic);
            record.put("retained", message.isRetained());
            // MQTT has no nack: a failed record's message stays unacknowledged, and the broker sends it again when the
            // session resumes (the next connect with clean_session false)
            MessagePayload.emit(context, out, record, message.getPayload(), config.payload(), acknowledge,
                    reason -> log.debug("{} - message {} on {} left unacknowledged: {}", context.name(), message.getId(), topic, reason.toString()));
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
