package dev.blueprint.components.wsclient;

import dev.blueprint.api.ComponentContext;
import dev.blueprint.components.broker.Backoff;
import dev.blueprint.components.broker.BrokerUrl;
import dev.blueprint.components.broker.Connector;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/**
 * A WebSocket client connection on Java-WebSocket's client, through the {@link Connector}: connected with retry
 * and back-off at start (a server that is not up yet is the first outage, not a start error; a handshake the
 * server refuses with 401 or 403 is) and again after each drop; {@code onOpen} runs after each connect (to send
 * a subscription).
 */
final class WsClient implements Connector.Client<WsClient.Client> {
    static final Set<String> SCHEMES = Set.of("ws", "wss");
    private final URI uri;
    private final Map<String, String> headers;
    private final Duration connectTimeout;
    private final Consumer<String> onMessage;
    private final Connector<Client> connector;

    WsClient(ComponentContext context, String url, Map<String, String> headers, String token, Duration connectTimeout, Backoff backoff,
            Runnable onOpen, Consumer<String> onMessage) {
        this.uri = URI.create(url);
        this.headers = new HashMap<>(headers);
        if (token != null) {
            this.headers.put("Authorization", "Bearer " + token);
        }
        this.connectTimeout = connectTimeout;
        this.onMessage = onMessage;
        this.connector = new Connector<>(context, "websocket", "", BrokerUrl.redacted(url), backoff, this, c -> onOpen.run());
    }

    /** Connects, or starts the attempts in the background (see {@link Connector#start}). */
    void start() {
        connector.start();
    }

    @Override
    public Client connect() throws IOException, InterruptedException {
        Client c = new Client(uri, headers);
        if (!c.connectBlocking(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            c.closed = true;
            c.close();
            throw new IOException(c.failure == null ? "no answer within " + connectTimeout.toMillis() + " ms" : c.failure);
        }
        return c;
    }

    @Override
    public boolean isDefinitive(Exception failure) {
        String m = String.valueOf(failure.getMessage());
        return m.contains("status code received: 401") || m.contains("status code received: 403");
    }

    @Override
    public void close(Client c) {
        c.closed = true;
        try {
            c.closeBlocking();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isOpen() {
        Client c = connector.connection();
        return connector.isUp() && c != null && c.isOpen();
    }

    /** Waits until the connection is open; false when the run stops first. */
    boolean awaitOpen() throws InterruptedException {
        return connector.await() != null;
    }

    /** Sends a text frame; false when the connection is not open. */
    boolean send(String text) {
        Client c = connector.connection();
        if (c == null || !c.isOpen()) {
            return false;
        }
        try {
            c.send(text);
            return true;
        } catch (org.java_websocket.exceptions.WebsocketNotConnectedException e) {
            return false;
        }
    }

    /** Whether frames wait to be written to the socket. */
    boolean hasBufferedData() {
        Client c = connector.connection();
        return c != null && c.getConnection().hasBufferedData();
    }

    void close() {
        connector.close();
    }

    /** One connection; a new one for each attempt, as Java-WebSocket's clients do not connect twice. */
    final class Client extends WebSocketClient {
        private volatile String failure;
        private volatile boolean closed;

        Client(URI server, Map<String, String> handshakeHeaders) {
            super(server, handshakeHeaders);
            setConnectionLostTimeout(30);
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
            // the connector counts the connection back once connectBlocking returned
        }

        @Override
        public void onMessage(String message) {
            onMessage.accept(message);
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            if (failure == null && reason != null && !reason.isEmpty()) {
                failure = reason;
            }
            if (!closed && connector.connection() == this) {
                closed = true;
                connector.reconnect("closed " + code + (reason == null || reason.isEmpty() ? "" : " " + reason));
            }
        }

        @Override
        public void onError(Exception ex) {
            failure = ex.toString();
        }
    }
}
