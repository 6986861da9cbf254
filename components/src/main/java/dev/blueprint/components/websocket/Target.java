package dev.blueprint.components.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;

/**
 * Who a record is for: every connection, one session's connections, or one connection.
 *
 * @param session the session id, or null
 * @param connection the connection id, or null
 */
record Target(String session, String connection) {
    static final Target ALL = new Target(null, null);

    /** Reads the targeting fields of {@code value} as the config says (see the WebSocket docs, Targeting). */
    static Target of(WebSocketConfig config, JsonNode value) {
        if (config.targeting() && value.isObject()) {
            JsonNode connection = value.get("connection_id");
            if (connection != null && connection.isTextual()) {
                return new Target(null, connection.textValue());
            }
            JsonNode session = value.get(config.targetField());
            if (session != null && !session.isNull() && !session.isContainerNode()) {
                return new Target(session.asText(), null);
            }
        }
        return ALL;
    }

    /** The connections of {@code registry} it names. */
    Collection<Connection> in(ConnectionRegistry registry) {
        if (connection != null) {
            return registry.connection(connection);
        }
        return session != null ? registry.session(session) : registry.all();
    }
}
