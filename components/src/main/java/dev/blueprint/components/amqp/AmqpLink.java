package dev.blueprint.components.amqp;

import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.ComponentInitializationException;
import dev.blueprint.components.broker.Backoff;
import dev.blueprint.components.broker.BrokerUrl;
import dev.blueprint.components.broker.Connector;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The AMQP 0-9-1 connection of an amqp source or sink, through the {@link Connector}: connected with retry at
 * start (bad credentials or an unknown vhost fail the start, naming the URL without its password); after a drop
 * the client's automatic recovery reconnects and reopens channels and consumers, its pauses taken from the
 * connector's back-off.
 */
final class AmqpLink implements Connector.Client<Connection> {
    static final Set<String> SCHEMES = Set.of("amqp", "amqps");
    private final ComponentContext context;
    private final BrokerUrl url;
    private final ConnectionFactory factory = new ConnectionFactory();
    private final Connector<Connection> connector;
    private final Runnable onRecovered;

    /**
     * @param onConnected what to do once connected (open the channel), on the connecting thread
     * @param onRecovered what to do after the client recovered the connection
     */
    AmqpLink(ComponentContext context, String urlText, Duration connectTimeout, Backoff backoff, Consumer<Connection> onConnected,
            Runnable onRecovered) {
        this.context = context;
        this.url = BrokerUrl.parse("url", urlText, SCHEMES, 5672);
        this.onRecovered = onRecovered;
        try {
            factory.setUri(urlText);
        } catch (Exception e) {
            throw new ComponentInitializationException(context.name() + ": bad AMQP URL " + url + ": " + e.getMessage(), e);
        }
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setRecoveryDelayHandler(attempt -> backoff.delay(Math.max(0, attempt - 1)).toMillis());
        factory.setConnectionTimeout((int) connectTimeout.toMillis());
        this.connector = new Connector<>(context, "amqp", "AMQP broker", url.toString(), backoff, this, onConnected);
    }

    /** Connects, or starts the attempts in the background (see {@link Connector#start}). */
    void start() {
        connector.start();
    }

    @Override
    public Connection connect() throws Exception {
        Connection connection = factory.newConnection(context.systemName() + "-" + context.name());
        connection.addShutdownListener(cause -> {
            if (!cause.isInitiatedByApplication()) {
                connector.lost(cause.getMessage());
            }
        });
        ((Recoverable) connection).addRecoveryListener(new RecoveryListener() {
            @Override
            public void handleRecovery(Recoverable recoverable) {
                connector.restored();
                onRecovered.run();
            }

            @Override
            public void handleRecoveryStarted(Recoverable recoverable) {
                // counted when the connection went down
            }
        });
        return connection;
    }

    @Override
    public boolean isDefinitive(Exception failure) {
        return failure instanceof AuthenticationFailureException || failure instanceof PossibleAuthenticationFailureException
                || String.valueOf(failure.getMessage()).contains("NOT_ALLOWED");
    }

    @Override
    public void close(Connection connection) {
        try {
            if (connection.isOpen()) {
                connection.close(2_000);
            }
        } catch (Exception e) {
            // closing anyway
        }
    }

    Connector<Connection> connector() {
        return connector;
    }

    BrokerUrl url() {
        return url;
    }

    boolean isUp() {
        Connection c = connector.connection();
        return connector.isUp() && c != null && c.isOpen();
    }

    void close() {
        connector.close();
    }
}
