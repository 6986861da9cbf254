package dev.blueprint.components.amqp;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.ComponentInitializationException;
import dev.blueprint.components.broker.BrokerUrl;
import dev.blueprint.components.broker.Outages;
import java.time.Duration;
import java.util.Set;

/**
 * The AMQP 0-9-1 connection of an amqp source or sink: connects at start (refused, bad credentials or an
 * unknown vhost is a start error naming the URL without its password), then leaves it to the client's
 * automatic recovery (every second) to reconnect and reopen channels and consumers, while
 * {@link Outages} counts the outages.
 */
final class AmqpLink {
    static final Set<String> SCHEMES = Set.of("amqp", "amqps");
    private final BrokerUrl url;
    private final Outages outages;
    private final Connection connection;

    AmqpLink(ComponentContext context, String urlText, Duration connectTimeout, Runnable onRecovered) {
        this.url = BrokerUrl.parse("url", urlText, SCHEMES, 5672);
        this.outages = new Outages(context.name(), url.toString()).exposedIn(context.meterRegistry());
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(urlText);
        } catch (Exception e) {
            throw new ComponentInitializationException(context.name() + ": bad AMQP URL " + url + ": " + e.getMessage(), e);
        }
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(1000);
        factory.setConnectionTimeout((int) connectTimeout.toMillis());
        try {
            connection = factory.newConnection(context.systemName() + "-" + context.name());
        } catch (Exception e) {
            throw new ComponentInitializationException(context.name() + ": cannot connect to AMQP broker " + url + ": "
                    + BrokerUrl.redacted(String.valueOf(e.getMessage())), e);
        }
        connection.addShutdownListener(cause -> {
            if (!cause.isInitiatedByApplication()) {
                outages.lost(cause.getMessage());
            }
        });
        ((Recoverable) connection).addRecoveryListener(new RecoveryListener() {
            @Override
            public void handleRecovery(Recoverable recoverable) {
                outages.restored();
                onRecovered.run();
            }

            @Override
            public void handleRecoveryStarted(Recoverable recoverable) {
                // counted when the connection went down
            }
        });
        context.readiness().register(context.name() + ": amqp " + url, outages::isUp);
    }

    Connection connection() {
        return connection;
    }

    BrokerUrl url() {
        return url;
    }

    boolean isUp() {
        return outages.isUp() && connection.isOpen();
    }

    void close() {
        try {
            if (connection.isOpen()) {
                connection.close(2_000);
            }
        } catch (Exception e) {
            // closing anyway
        }
        outages.logTotal();
    }
}
