package dev.blueprint.components.wsclient;

import dev.blueprint.api.Component;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;

/** {@code Source} variant {@code websocket}: connects to a WebSocket server as a client and emits each message it sends, reconnecting with jittered back-off. */
public final class WsClientSourceProvider implements VariantProvider<WsClientSourceConfig> {
    @Override
    public String type() {
        return "Source";
    }

    @Override
    public String variant() {
        return "websocket";
    }

    @Override
    public String description() {
        return "Connects to a WebSocket server as a client and emits each message it sends, reconnecting with jittered back-off.";
    }

    @Override
    public Class<WsClientSourceConfig> configType() {
        return WsClientSourceConfig.class;
    }

    @Override
    public Streams streams(WsClientSourceConfig config) {
        return Streams.source();
    }

    @Override
    public Component create(WsClientSourceConfig config) {
        return new WsClientSource(config);
    }
}
