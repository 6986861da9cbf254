package dev.blueprint.components.mqtt;

import dev.blueprint.api.Component;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;

/** {@code Source} variant {@code mqtt}: subscribes to MQTT topic filters (QoS 0 or 1, session resumed across reconnects); each message becomes {topic, retained, data}. */
public final class MqttSourceProvider implements VariantProvider<MqttSourceConfig> {
    @Override
    public String type() {
        return "Source";
    }

    @Override
    public String variant() {
        return "mqtt";
    }

    @Override
    public String description() {
        return "Subscribes to MQTT topic filters (QoS 0 or 1, session resumed across reconnects); each message becomes {topic, retained, data}.";
    }

    @Override
    public Class<MqttSourceConfig> configType() {
        return MqttSourceConfig.class;
    }

    @Override
    public Streams streams(MqttSourceConfig config) {
        return Streams.source();
    }

    @Override
    public Component create(MqttSourceConfig config) {
        return new MqttSource(config);
    }
}
