package dev.blueprint.components.wsclient;

import dev.blueprint.api.Component;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;

/** {@code Sink} variant {@code websocket}: connects to a WebSocket server as a client and sends each record as a text frame, waiting while it is away. */
public final class WsClientSinkProvider implements VariantProvider<WsClientSinkConfig> {
    @Override
    public String type() {
        return "Sink";
    }

    @Override
    public String variant() {
        return "websocket";
    }

    @Override
    public String description() {
        return "Connects to a WebSocket server as a client and sends each record as a text frame, waiting while it is away.";
    }

    @Override
    public Class<WsClientSinkConfig> configType() {
        return WsClientSinkConfig.class;
    }

    @Override
    public Streams streams(WsClientSinkConfig config) {
        return Streams.sink();
    }

    @Override
    public Component create(WsClientSinkConfig config) {
        return new WsClientSink(config);
    }
}
