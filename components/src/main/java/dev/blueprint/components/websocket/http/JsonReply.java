package dev.blueprint.components.websocket.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.transport.HttpReply;
import java.util.Map;

/** The JSON answers of the WebSocket component's HTTP endpoints, written by Jackson (never by hand). */
final class JsonReply {
    static final ObjectMapper JSON = new ObjectMapper();

    private JsonReply() {
    }

    /** An {@code application/json} reply of {@code body}. */
    static HttpReply of(int status, JsonNode body) {
        try {
            return new HttpReply(status, "application/json", Map.of(), JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    /** A new, empty JSON object. */
    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** {@code {"error": message}}. */
    static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }
}
