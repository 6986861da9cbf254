package dev.blueprint.components.mqtt;

import dev.blueprint.api.Component;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;

/** {@code Sink} variant {@code mqtt}: publishes each record to an MQTT topic made from its fields (QoS 0 or 1, retained if asked), waiting while the broker is away. */
public final class MqttSinkProvider implements VariantProvider<MqttSinkConfig> {
    @Override
    public String type() {
        return "Sink";
    }

    @Override
    public String variant() {
        return "mqtt";
    }

    @Override
    public String description() {
        return "Publishes each record to an MQTT topic made from its fields (QoS 0 or 1, retained if asked), waiting while the broker is away.";
    }

    @Override
    public Class<MqttSinkConfig> configType() {
        return MqttSinkConfig.class;
    }

    @Override
    public Streams streams(MqttSinkConfig config) {
        return Streams.sink();
    }

    @Override
    public Component create(MqttSinkConfig config) {
        return new MqttSink(config);
    }
}
