package dev.blueprint.components.wsclient;

import dev.blueprint.components.broker.ConnectorProvider;

/** {@code Source} variant {@code websocket}: connects to a WebSocket server as a client and emits each message it sends, reconnecting with jittered back-off. */
public final class WsClientSourceProvider extends ConnectorProvider<WsClientSourceConfig> {
    public WsClientSourceProvider() {
        super("Source", "websocket", "Connects to a WebSocket server as a client and emits each message it sends, reconnecting with jittered back-off.", WsClientSourceConfig.class,
                WsClientSource::new);
    }
}
