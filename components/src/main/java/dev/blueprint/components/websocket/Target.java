package dev.blueprint.components.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;

/**
 * Who a record is for: every connection, one session's connections, one connection, or one channel's subscribers.
 *
 * @param session the session id, or null
 * @param connection the connection id, or null
 * @param channel the channel, or null
 */
record Target(String session, String connection, String channel) {
    static final Target ALL = new Target(null, null, null);

    static Target session(String session) {
        return new Target(session, null, null);
    }

    static Target channel(String channel) {
        return new Target(null, null, channel);
    }

    /**
     * Reads the targeting fields of {@code value} as the config says (see the WebSocket docs, Targeting): a
     * connection, else a session, else a channel.
     *
     * @param channelField the field naming a record's channel, or null with channels off (worked out once, at start:
     *        this runs for every record)
     */
    static Target of(WebSocketConfig config, String channelField, JsonNode value) {
        if (!value.isObject()) {
            return ALL;
        }
        if (config.targeting()) {
            JsonNode connection = value.get("connection_id");
            if (connection != null && connection.isTextual()) {
                return new Target(null, connection.textValue(), null);
            }
            JsonNode session = value.get(config.targetField());
            if (session != null && !session.isNull() && !session.isContainerNode()) {
                return session(session.asText());
            }
        }
        if (channelField != null) {
            JsonNode channel = value.get(channelField);
            if (channel != null && channel.isTextual()) {
                return channel(channel.textValue());
            }
        }
        return ALL;
    }

    /** The connections of {@code registry} it names; a channel's subscribers are the {@link Channels}' to say. */
    Collection<Connection> in(ConnectionRegistry registry) {
        if (connection != null) {
            return registry.connection(connection);
        }
        return session != null ? registry.session(session) : registry.all();
    }
}
