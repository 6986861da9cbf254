package dev.blueprint.components.websocket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * What clients of a channel are sent for a record: with {@code envelope}, {@code {"channel","offset","epoch","data"}}
 * (a binary record's data as text with {@code "binary": true}), else the record alone.
 */
final class ChannelFrames {
    private final ObjectMapper json;
    private final boolean envelope;

    ChannelFrames(ObjectMapper json, boolean envelope) {
        this.json = json;
        this.envelope = envelope;
    }

    /** Whether a frame of a binary record goes out as binary: not in an envelope, which is JSON text. */
    boolean binary(boolean recordBinary) {
        return !envelope && recordBinary;
    }

    /** The frame of a record published here, whose payload is at hand as a tree. */
    String of(String channel, long offset, String epoch, JsonNode payload, String text, boolean binary) {
        if (!envelope) {
            return text;
        }
        return write(envelope(channel, offset, epoch, binary ? null : payload, text, binary));
    }

    /** The frame of a record known by its text alone (from Redis): its JSON is read again for the envelope. */
    String of(String channel, long offset, String epoch, String text, boolean binary) {
        if (!envelope) {
            return text;
        }
        JsonNode data = null;
        if (!binary) {
            try {
                data = json.readTree(text);
            } catch (JsonProcessingException ex) {
                data = json.getNodeFactory().textNode(text);
            }
        }
        return write(envelope(channel, offset, epoch, data, text, binary));
    }

    private ObjectNode envelope(String channel, long offset, String epoch, JsonNode data, String text, boolean binary) {
        ObjectNode e = json.createObjectNode();
        e.put("channel", channel).put("offset", offset).put("epoch", epoch);
        if (binary) {
            e.put("data", text).put("binary", true);
        } else {
            e.set("data", data);
        }
        return e;
    }

    /** A new, empty answer to a client. */
    ObjectNode answer() {
        return json.createObjectNode();
    }

    /** {@code node} as JSON text. */
    String write(ObjectNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
