package dev.blueprint.components.mqtt;

import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.ComponentInitializationException;
import dev.blueprint.components.broker.BrokerUrl;
import dev.blueprint.components.broker.Outages;
import java.time.Duration;
import java.util.Set;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * One Paho client connection of an mqtt source or sink: connects at start (a refused connection or bad
 * credentials is a start error naming the URL without its password), then lets Paho reconnect on its own
 * (1 s doubling to 5 s) while {@link Outages} counts the outages. The session is kept across reconnects
 * unless {@code clean_session} is set, so the broker keeps the subscriptions and the QoS 1 messages of a
 * source while it is away, and Paho resends a sink's unacknowledged QoS 1 messages on reconnect.
 */
final class MqttBroker {
    static final Set<String> SCHEMES = Set.of("tcp", "mqtt", "ssl", "mqtts", "ws", "wss");
    private final BrokerUrl url;
    private final MqttAsyncClient client;
    private final MqttConnectOptions options = new MqttConnectOptions();
    private final Outages outages;

    /** Events of the connection, on Paho's threads. */
    interface Listener {
        /** Connected, at start or again after an outage. */
        default void onConnected(boolean reconnect) {
        }

        /** A message of a subscription. */
        default void onMessage(String topic, MqttMessage message) {
        }

        /** A published message is acknowledged (QoS 1) or written (QoS 0). */
        default void onDelivered(IMqttDeliveryToken token) {
        }
    }

    MqttBroker(ComponentContext context, String urlText, String clientId, boolean cleanSession, int maxInFlight,
            Duration connectTimeout, Listener listener) {
        this.url = BrokerUrl.parse("url", urlText, SCHEMES, 1883);
        String scheme = switch (url.scheme()) {
            case "mqtt" -> "tcp";
            case "mqtts" -> "ssl";
            default -> url.scheme();
        };
        this.outages = new Outages(context.name(), url.toString()).exposedIn(context.meterRegistry());
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
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(5_000);
        options.setMaxInflight(maxInFlight);
        options.setConnectionTimeout((int) Math.max(1, connectTimeout.toSeconds()));
        options.setKeepAliveInterval(10);
        client.setManualAcks(true);
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                outages.restored();
                listener.onConnected(reconnect);
            }

            @Override
            public void connectionLost(Throwable cause) {
                outages.lost(cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                listener.onMessage(topic, message);
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                listener.onDelivered(token);
            }
        });
    }

    /** Connects, waiting for the broker's answer. */
    void connect(ComponentContext context) {
        try {
            client.connect(options).waitForCompletion(options.getConnectionTimeout() * 1000L + 1000);
        } catch (MqttException e) {
            throw new ComponentInitializationException(context.name() + ": cannot connect to the MQTT broker " + url + ": "
                    + reason(e), e);
        }
        context.readiness().register(context.name() + ": mqtt " + url, outages::isUp);
    }

    private static String reason(MqttException e) {
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
        return client.isConnected();
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

    void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(2_000).waitForCompletion(3_000);
            }
        } catch (MqttException e) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // nothing left to release
        }
        outages.logTotal();
    }
}
