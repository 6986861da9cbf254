package dev.blueprint.components.wsclient;

import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.ComponentInitializationException;
import dev.blueprint.components.broker.BrokerUrl;
import dev.blueprint.components.broker.Outages;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/**
 * A WebSocket client connection on Java-WebSocket's client: connects at start (refused or a failed
 * handshake is a start error), and after a drop connects again with jittered exponential back-off
 * (100 ms doubling up to {@code max_backoff}), counting the outages; {@code onOpen} runs after each
 * connect (to send a subscription).
 */
final class WsClient {
    static final Set<String> SCHEMES = Set.of("ws", "wss");
    private final ComponentContext context;
    private final URI uri;
    private final Map<String, String> headers;
    private final Duration maxBackoff;
    private final Outages outages;
    private final Runnable onOpen;
    private final Consumer<String> onMessage;
    private final ScheduledExecutorService reconnects;
    private volatile Client client;
    private volatile boolean closed;
    private int attempt;

    WsClient(ComponentContext context, String url, Map<String, String> headers, String token, Duration maxBackoff,
            Runnable onOpen, Consumer<String> onMessage) {
        this.context = context;
        this.uri = URI.create(url);
        this.headers = new HashMap<>(headers);
        if (token != null) {
            this.headers.put("Authorization", "Bearer " + token);
        }
        this.maxBackoff = maxBackoff;
        this.outages = new Outages(context.name(), BrokerUrl.redacted(url)).exposedIn(context.meterRegistry());
        this.onOpen = onOpen;
        this.onMessage = onMessage;
        this.reconnects = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "blueprint-" + context.name() + "-reconnect"));
    }

    void connect(Duration timeout) throws InterruptedException {
        client = new Client(uri, headers);
        if (!client.connectBlocking(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            reconnects.shutdownNow();
            throw new ComponentInitializationException(context.name() + ": cannot connect to " + BrokerUrl.redacted(uri.toString())
                    + (client.failure == null ? " within " + timeout.toMillis() + " ms" : ": " + client.failure));
        }
        context.readiness().register(context.name() + ": websocket " + BrokerUrl.redacted(uri.toString()), this::isOpen);
    }

    boolean isOpen() {
        Client c = client;
        return c != null && c.isOpen();
    }

    /** Sends a text frame; false when the connection is not open. */
    boolean send(String text) {
        Client c = client;
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
        Client c = client;
        return c != null && c.getConnection().hasBufferedData();
    }

    private void scheduleReconnect() {
        if (closed) {
            return;
        }
        long cap = Math.min(maxBackoff.toMillis(), 100L << Math.min(attempt++, 16));
        long delay = cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
        reconnects.schedule(() -> {
            if (!closed) {
                client = new Client(uri, headers);
                client.connect();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    void close() {
        closed = true;
        reconnects.shutdownNow();
        Client c = client;
        if (c != null) {
            try {
                c.closeBlocking();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        outages.logTotal();
    }

    private final class Client extends WebSocketClient {
        private volatile String failure;

        Client(URI server, Map<String, String> handshakeHeaders) {
            super(server, handshakeHeaders);
            setConnectionLostTimeout(30);
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
            attempt = 0;
            outages.restored();
            onOpen.run();
        }

        @Override
        public void onMessage(String message) {
            onMessage.accept(message);
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            if (!closed) {
                outages.lost("closed " + code + (reason == null || reason.isEmpty() ? "" : " " + reason));
                scheduleReconnect();
            }
        }

        @Override
        public void onError(Exception ex) {
            failure = ex.toString();
        }
    }
}
