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

/**
 * One Paho client of an mqtt source or sink, connected through the {@link Connector}: with retry at start and
 * after each drop, on the connector's back-off (Paho's own reconnect is off, so that there is one). Bad
 * credentials or a refused client id fail the start, naming the URL without its password. The session is kept
 * across reconnects unless {@code clean_session} is set, so the broker keeps the subscriptions and the QoS 1
 * messages of a source while it is away, and Paho sends a sink's unacknowledged QoS 1 messages again on
 * reconnect.
 */
final class MqttBroker implements Connector.Client<MqttAsyncClient> {
    static final Set<String> SCHEMES = Set.of("tcp", "mqtt", "ssl", "mqtts", "ws", "wss");
    private final BrokerUrl url;
    private final MqttAsyncClient client;
    private final MqttConnectOptions options = new MqttConnectOptions();
    private final Connector<MqttAsyncClient> connector;

    /** Messages of the subscriptions, on Paho's thread. */
    interface Listener {
        /** A message of a subscription. */
        void onMessage(String topic, MqttMessage message);
    }

    /**
     * @param onConnected what to do after each connect (subscribe), on the connecting thread
     */
    MqttBroker(ComponentContext context, String urlText, String clientId, boolean cleanSession, int maxInFlight,
            Duration connectTimeout, Backoff backoff, Listener listener, Runnable onConnected) {
        this.url = BrokerUrl.parse("url", urlText, SCHEMES, 1883);
        String scheme = switch (url.scheme()) {
            case "mqtt" -> "tcp";
            case "mqtts" -> "ssl";
            default -> url.scheme();
        };
        try {
            client = new MqttAsyncClient(url.withoutUserInfo(scheme), clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new ComponentInitializationException(context.name() + ": cannot create an MQTT client for " + url + ": " + e.getMessage(), e);
        }
        if (url.user() != null) {
            options.setUserName(url.user());
            options.setPassword(url.password() == null ? new char[0] : url.password().toCharArray());
        }
        options.setCleanSession(cleanSession);
        options.setAutomaticReconnect(false);
        options.setMaxInflight(maxInFlight);
        options.setConnectionTimeout((int) Math.max(1, connectTimeout.toSeconds()));
        options.setKeepAliveInterval(10);
        client.setManualAcks(true);
        this.connector = new Connector<>(context, "mqtt", "the MQTT broker", url.toString(), backoff, this, c -> onConnected.run());
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                // the connector counts the connection back once connect() returned
            }

            @Override
            public void connectionLost(Throwable cause) {
                connector.reconnect(cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                listener.onMessage(topic, message);
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // each publish has its own listener
            }
        });
    }

    /** Connects, or starts the attempts in the background when the broker is not there (see {@link Connector#start}). */
    void start() {
        connector.start();
    }

    @Override
    public MqttAsyncClient connect() throws MqttException {
        client.connect(options).waitForCompletion(options.getConnectionTimeout() * 1000L + 1000);
        return client;
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

    /** Acknowledges a received QoS 1 message to the broker. */
    void acknowledge(MqttMessage message) {
        if (message.getQos() > 0) {
            try {
                client.messageArrivedComplete(message.getId(), message.getQos());
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
