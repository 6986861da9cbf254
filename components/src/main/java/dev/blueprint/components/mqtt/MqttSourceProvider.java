package dev.blueprint.components.mqtt;

import dev.blueprint.components.broker.ConnectorProvider;

/** {@code Source} variant {@code mqtt}: subscribes to MQTT topic filters (QoS 0 or 1, session resumed across reconnects); each message becomes {topic, retained, data}. */
public final class MqttSourceProvider extends ConnectorProvider<MqttSourceConfig> {
    public MqttSourceProvider() {
        super("Source", "mqtt", "Subscribes to MQTT topic filters (QoS 0 or 1, session resumed across reconnects); each message becomes {topic, retained, data}.", MqttSourceConfig.class,
                MqttSource::new);
    }
}
