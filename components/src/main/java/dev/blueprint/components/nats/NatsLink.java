package dev.blueprint.components.nats;

import dev.blueprint.api.ComponentContext;
import dev.blueprint.components.broker.Backoff;
import dev.blueprint.components.broker.BrokerUrl;
import dev.blueprint.components.broker.Connector;
import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NATS connection of a nats source or sink, through the {@link Connector}: connected with retry at start
 * (bad credentials fail the start, naming the URL without its password); after a drop the client reconnects
 * on its own, forever, with its pauses taken from the connector's back-off, and keeps its subscriptions.
 */
final class NatsLink implements Connector.Client<Connection> {
    private static final Logger log = LoggerFactory.getLogger(NatsLink.class);
    static final Set<String> SCHEMES = Set.of("nats", "tls");
    private final BrokerUrl url;
    private final Options options;
    private final Connector<Connection> connector;

    /** @param onConnected what to do once connected the first time (subscribe), on the connecting thread */
    NatsLink(ComponentContext context, String urlText, Duration connectTimeout, Backoff backoff, Consumer<Connection> onConnected) {
        this.url = BrokerUrl.parse("url", urlText, SCHEMES, 4222);
        this.connector = new Connector<>(context, "nats", "NATS at", url.toString(), backoff, this, onConnected);
        Options.Builder builder = new Options.Builder().server(url.withoutUserInfo(url.scheme()))
                .connectionName(context.systemName() + "-" + context.name())
                .connectionTimeout(connectTimeout)
                .maxReconnects(-1)
                .reconnectDelayHandler(attempt -> backoff.delay((int) Math.min(Integer.MAX_VALUE, attempt)))
                .errorListener(new ErrorListener() {
                    @Override
                    public void exceptionOccurred(Connection conn, Exception exp) {
                        // the client's own logger prints each failed attempt at SEVERE; the connector logs an outage once
                        log.debug("{} - NATS client: {}", context.name(), exp.toString());
                    }
                })
                .connectionListener((conn, event) -> {
                    if (event == ConnectionListener.Events.DISCONNECTED && connector.connection() != null) {
                        // a failed first attempt is the connector's to report, once
                        connector.lost("disconnected");
                    } else if (event == ConnectionListener.Events.RECONNECTED || event == ConnectionListener.Events.RESUBSCRIBED) {
                        connector.restored();
                    }
                });
        if (url.user() != null) {
            builder.userInfo(url.user(), url.password() == null ? "" : url.password());
        }
        this.options = builder.build();
    }

    /** Connects, or starts the attempts in the background (see {@link Connector#start}). */
    void start() {
        connector.start();
    }

    @Override
    public Connection connect() throws IOException, InterruptedException {
        return Nats.connect(options);
    }

    @Override
    public boolean isDefinitive(Exception failure) {
        return failure instanceof AuthenticationException || String.valueOf(failure.getMessage()).contains("Authorization Violation");
    }

    @Override
    public void close(Connection connection) {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Connector<Connection> connector() {
        return connector;
    }

    /** The connection, or null before the first connect. */
    Connection connection() {
        return connector.connection();
    }

    BrokerUrl url() {
        return url;
    }

    boolean isConnected() {
        Connection c = connector.connection();
        return c != null && c.getStatus() == Connection.Status.CONNECTED;
    }

    void close() {
        connector.close();
    }
}
