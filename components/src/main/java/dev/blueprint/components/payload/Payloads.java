package dev.blueprint.components.payload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Text from the outside world (WebSocket frames, Redis messages) as record values, and record values as text
 * again: a message that is one whole JSON document becomes that JSON, anything else (including text that only
 * starts like JSON, such as {@code 42 is the answer}) stays the text it was.
 */
public final class Payloads {
    private Payloads() {
    }

    /** The parsed JSON when {@code text} is a JSON document, else the text as a JSON string. */
    public static JsonNode parse(ObjectMapper json, String text) {
        String t = text.strip();
        if (!t.isEmpty()) {
            char first = t.charAt(0);
            if (first == '{' || first == '[' || first == '"' || first == '-' || Character.isDigit(first)
                    || t.equals("true") || t.equals("false") || t.equals("null")) {
                try {
                    JsonNode n = json.readTree(text);
                    if (n != null && !n.isMissingNode()) {
                        return n;
                    }
                } catch (JsonProcessingException e) {
                    // not JSON: kept as text
                }
            }
        }
        return TextNode.valueOf(text);
    }

    /** {@link #parse} when {@code parseJson} is on (the {@code parse_json} setting), else always the exact text. */
    public static JsonNode value(ObjectMapper json, String text, boolean parseJson) {
        return parseJson ? parse(json, text) : TextNode.valueOf(text);
    }

    /**
     * What a record sends: the field named by the {@code payload_field} setting, or the whole value when it is
     * null. A record without that field is the record's error (it goes to {@code errors}).
     */
    public static JsonNode select(JsonNode value, String payloadField) {
        if (payloadField == null) {
            return value;
        }
        JsonNode payload = value.get(payloadField);
        if (payload == null) {
            throw new IllegalArgumentException("record has no field '" + payloadField + "' (payload_field)");
        }
        return payload;
    }

    /**
     * {@link #text} as UTF-8 bytes, written straight to bytes (a sink's hot path: no intermediate String for every
     * record).
     */
    public static byte[] bytes(ObjectMapper json, JsonNode value) throws JsonProcessingException {
        return value.isTextual() ? value.textValue().getBytes(java.nio.charset.StandardCharsets.UTF_8) : json.writeValueAsBytes(value);
    }

    /** A JSON string as its text, anything else as its JSON text. */
    public static String text(ObjectMapper json, JsonNode value) throws JsonProcessingException {
        return value.isTextual() ? value.textValue() : json.writeValueAsString(value);
    }
}
