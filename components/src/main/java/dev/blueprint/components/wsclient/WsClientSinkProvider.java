package dev.blueprint.components.wsclient;

import dev.blueprint.components.broker.ConnectorProvider;

/** {@code Sink} variant {@code websocket}: connects to a WebSocket server as a client and sends each record as a text frame, waiting while it is away. */
public final class WsClientSinkProvider extends ConnectorProvider<WsClientSinkConfig> {
    public WsClientSinkProvider() {
        super("Sink", "websocket", "Connects to a WebSocket server as a client and sends each record as a text frame, waiting while it is away.", WsClientSinkConfig.class,
                WsClientSink::new);
    }
}
