package dev.blueprint.components.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The fields of a request that every record answering it carries ({@code session_id}, {@code connection_id},
 * {@code id} by default), so that a WebSocket server can send the answer to the client that asked.
 */
final class Correlation {
    private final ObjectNode fields;

    private Correlation(ObjectNode fields) {
        this.fields = fields;
    }

    /** The {@code names} fields present in {@code request} (none when it is not an object). */
    static Correlation of(JsonNode request, List<String> names) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        if (request.isObject()) {
            for (String name : names) {
                JsonNode v = request.get(name);
                if (v != null) {
                    fields.set(name, v);
                }
            }
        }
        return new Correlation(fields);
    }

    /**
     * {@code line} with the request's correlation fields set. The request's values win over what the
     * worker printed: a worker cannot send an answer to another client by mistake.
     */
    ObjectNode stamp(ObjectNode line) {
        line.setAll(fields);
        return line;
    }

    /** An error answer in the seed protocol's shape: {@code {"type":"error","code":..,"error":..}} plus these fields. */
    ObjectNode error(String code, String message) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("type", "error");
        e.put("code", code);
        e.put("error", message);
        return stamp(e);
    }
}
