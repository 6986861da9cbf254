package dev.blueprint.components.nats;

import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.ComponentInitializationException;
import dev.blueprint.components.broker.BrokerUrl;
import dev.blueprint.components.broker.Outages;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * The NATS connection of a nats source or sink: connects at start (refused or bad credentials is a start
 * error naming the URL without its password), then lets the client reconnect forever (every 500 ms with
 * its jitter) while {@link Outages} counts the outages.
 */
final class NatsLink {
    static final Set<String> SCHEMES = Set.of("nats", "tls");
    private final BrokerUrl url;
    private final Outages outages;
    private final Connection connection;

    NatsLink(ComponentContext context, String urlText, Duration connectTimeout) {
        this.url = BrokerUrl.parse("url", urlText, SCHEMES, 4222);
        this.outages = new Outages(context.name(), url.toString()).exposedIn(context.meterRegistry());
        Options.Builder options = new Options.Builder().server(url.withoutUserInfo(url.scheme()))
                .connectionName(context.systemName() + "-" + context.name())
                .connectionTimeout(connectTimeout)
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(500))
                .connectionListener((conn, event) -> {
                    if (event == ConnectionListener.Events.DISCONNECTED) {
                        outages.lost("disconnected");
                    } else if (event == ConnectionListener.Events.RECONNECTED || event == ConnectionListener.Events.RESUBSCRIBED) {
                        outages.restored();
                    }
                });
        if (url.user() != null) {
            options.userInfo(url.user(), url.password() == null ? "" : url.password());
        }
        try {
            connection = Nats.connect(options.build());
        } catch (IOException e) {
            throw new ComponentInitializationException(context.name() + ": cannot connect to NATS at " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ComponentInitializationException(context.name() + ": interrupted connecting to NATS at " + url, e);
        }
        context.readiness().register(context.name() + ": nats " + url, outages::isUp);
    }

    Connection connection() {
        return connection;
    }

    BrokerUrl url() {
        return url;
    }

    boolean isConnected() {
        return connection.getStatus() == Connection.Status.CONNECTED;
    }

    void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        outages.logTotal();
    }
}
