package dev.blueprint.components.mqtt;

import dev.blueprint.components.broker.ConnectorProvider;

/** {@code Sink} variant {@code mqtt}: publishes each record to an MQTT topic made from its fields (QoS 0 or 1, retained if asked), waiting while the broker is away. */
public final class MqttSinkProvider extends ConnectorProvider<MqttSinkConfig> {
    public MqttSinkProvider() {
        super("Sink", "mqtt", "Publishes each record to an MQTT topic made from its fields (QoS 0 or 1, retained if asked), waiting while the broker is away.", MqttSinkConfig.class,
                MqttSink::new);
    }
}
