package dev.blueprint.components.mqtt;

import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.ComponentInitializationException;
import dev.blueprint.components.broker.Backoff;
import dev.blueprint.components.broker.BrokerUrl;
import dev.blueprint.components.broker.Connector;
import java.time.Duration;
import java.util.Set;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Paho client of an mqtt source or sink, connected through the {@link Connector}: with retry at start and
 * after each drop, on the connector's back-off (Paho's own reconnect is off, so that there is one). Bad
 * credentials or a refused client id fail the start, naming the URL without its password. The session is kept
 * across reconnects unless {@code clean_session} is set, so the broker keeps the subscriptions and the QoS 1
 * messages of a source while it is away, and Paho sends a sink's unacknowledged QoS 1 messages again on
 * reconnect.
 *
 * <p>Paho 1.2.5 (its last release) can leave a client whose connect never ends: its connect thread waits forever
 * for a sender thread that a stray wake-up already stopped, and every later connect is refused as "in progress".
 * An attempt that times out, or is refused so, therefore gives up that client and makes a new one with the same
 * client id (the broker keeps the session); what a sink had in flight on the old one is handed back to be sent
 * again (see {@code onReplaced}).
 */
final class MqttBroker implements Connector.Client<MqttAsyncClient> {
    static final Set<String> SCHEMES = Set.of("tcp", "mqtt", "ssl", "mqtts", "ws", "wss");
    private static final Logger log = LoggerFactory.getLogger(MqttBroker.class);
    private final ComponentContext context;
    private final BrokerUrl url;
    private final String serverUri;
    private final String clientId;
    private final Listener listener;
    private final Runnable onReplaced;
    private final MqttConnectOptions options = new MqttConnectOptions();
    private final Connector<MqttAsyncClient> connector;
    private volatile MqttAsyncClient client;
    /** Counts the connections made: a message is acknowledged only on the one that delivered it. */
    private volatile long connection;

    /** Messages of the subscriptions, on Paho's thread. */
    interface Listener {
        /**
         * A message of a subscription.
         *
         * @param acknowledge acknowledges it to the broker, on the connection that delivered it (see {@link #acknowledge})
         */
        void onMessage(String topic, MqttMessage message, Runnable acknowledge);
    }

    /**
     * @param onConnected what to do after each connect (subscribe), on the connecting thread
     * @param onReplaced called after a stuck client was given up: what was in flight on it will never be confirmed
     */
    MqttBroker(ComponentContext context, String urlText, String clientId, boolean cleanSession, int maxInFlight,
            Duration connectTimeout, Backoff backoff, Listener listener, Runnable onConnected, Runnable onReplaced) {
        this.context = context;
        this.url = BrokerUrl.parse("url", urlText, SCHEMES, 1883);
        String scheme = switch (url.scheme()) {
            case "mqtt" -> "tcp";
            case "mqtts" -> "ssl";
            default -> url.scheme();
        };
        this.serverUri = url.withoutUserInfo(scheme);
        this.clientId = clientId;
        this.listener = listener;
        this.onReplaced = onReplaced;
        if (url.user() != null) {
            options.setUserName(url.user());
            options.setPassword(url.password() == null ? new char[0] : url.password().toCharArray());
        }
        options.setCleanSession(cleanSession);
        options.setAutomaticReconnect(false);
        options.setMaxInflight(maxInFlight);
        options.setConnectionTimeout((int) Math.max(1, connectTimeout.toSeconds()));
        options.setKeepAliveInterval(10);
        this.connector = new Connector<>(context, "mqtt", "the MQTT broker", url.toString(), backoff, this, c -> onConnected.run());
        this.client = newClient();
    }

    private MqttAsyncClient newClient() {
        MqttAsyncClient made;
        try {
            made = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new ComponentInitializationException(context.name() + ": cannot create an MQTT client for " + url + ": " + e.getMessage(), e);
        }
        made.setManualAcks(true);
        made.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                // the connector counts the connection back once connect() returned
            }

            @Override
            public void connectionLost(Throwable cause) {
                if (made == client) { // a client given up may still report its end: the connector is past it
                    connector.reconnect(cause);
                }
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                long on = connection;
                listener.onMessage(topic, message, () -> acknowledge(made, on, message));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // each publish has its own listener
            }
        });
        return made;
    }

    /** Connects, or starts the attempts in the background when the broker is not there (see {@link Connector#start}). */
    void start() {
        connector.start();
    }

    @Override
    public MqttAsyncClient connect() throws MqttException {
        MqttAsyncClient c = client;
        // counted before the attempt: the broker may deliver on the new connection before connect() returns here (a
        // client that is connected still refuses the attempt, and its connection's messages stay acknowledgeable)
        if (!c.isConnected()) {
            connection++;
        }
        try {
            c.connect(options).waitForCompletion(options.getConnectionTimeout() * 1000L + 1000);
            return c;
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttException.REASON_CODE_CLIENT_TIMEOUT || e.getReasonCode() == MqttException.REASON_CODE_CONNECT_IN_PROGRESS) {
                replace(c, e);
            }
            throw e;
        }
    }

    /** Gives up a client whose connect did not end, and makes the next attempt on a new one. */
    private void replace(MqttAsyncClient stuck, MqttException why) {
        log.warn("{} - the MQTT client's connect to {} did not end ({}); going on with a new client", context.name(), url, describe(why));
        client = newClient();
        onReplaced.run();
        // its threads may be the stuck ones: released on a thread of its own, so that nothing here waits for them
        Thread release = new Thread(() -> {
            try {
                stuck.disconnectForcibly(0, 1_000, false);
            } catch (MqttException | RuntimeException e) {
                // a connect in progress cannot be disconnected: closing it is all there is
            }
            try {
                stuck.close(true);
            } catch (MqttException | RuntimeException e) {
                // its stuck thread stays parked; it holds no socket the broker waits on
            }
        }, "blueprint-" + context.name() + "-mqtt-release");
        release.setDaemon(true);
        release.start();
    }

    @Override
    public boolean isDefinitive(Exception failure) {
        return failure instanceof MqttException e && (e.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                || e.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED
                || e.getReasonCode() == MqttException.REASON_CODE_INVALID_CLIENT_ID);
    }

    @Override
    public String describe(Exception failure) {
        if (!(failure instanceof MqttException e)) {
            return failure.toString();
        }
        return switch (e.getReasonCode()) {
            case MqttException.REASON_CODE_FAILED_AUTHENTICATION -> "bad user name or password";
            case MqttException.REASON_CODE_NOT_AUTHORIZED -> "not authorized";
            case MqttException.REASON_CODE_INVALID_CLIENT_ID -> "client id refused";
            default -> e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")");
        };
    }

    MqttAsyncClient client() {
        return client;
    }

    boolean isConnected() {
        return connector.isUp() && client.isConnected();
    }

    Connector<MqttAsyncClient> connector() {
        return connector;
    }

    BrokerUrl url() {
        return url;
    }

    /**
     * Acknowledges a received QoS 1 message to the broker, on the connection that delivered it. After that connection
     * ended, the broker sends the message again on the resumed session, and a message id of the old connection may
     * name another message on the new one, which must not be acknowledged unhandled: then nothing is sent. Nor while
     * not connected: in Paho 1.2.5 that wakes a reconnect's sender thread early, which is what left a connect stuck.
     */
    private void acknowledge(MqttAsyncClient from, long on, MqttMessage message) {
        if (message.getQos() > 0 && from == client && on == connection && from.isConnected()) {
            try {
                from.messageArrivedComplete(message.getId(), message.getQos());
            } catch (MqttException | RuntimeException e) {
                // the connection went away, or the source finished and closed its client before the sink wrote the
                // record: the broker sends the message again on the resumed session; never the sink's failure
            }
        }
    }

    @Override
    public void close(MqttAsyncClient c) {
        try {
            if (c.isConnected()) {
                c.disconnect(2_000).waitForCompletion(3_000);
            }
        } catch (MqttException e) {
            // closing anyway
        }
    }

    void close() {
        connector.close();
        try {
            client.close(true);
        } catch (MqttException e) {
            // nothing left to release
        }
    }
}
