package dev.blueprint.components.payload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import dev.blueprint.api.Record;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A broker message's bytes as a record's {@code data}, and a record's payload as the bytes a sink writes: the one
 * place the brokers (mqtt, nats, redis, amqp) agree on how bytes stay bytes. Bytes carried as base64 are marked
 * {@code "binary": true} on the record, the WebSocket component's convention, so a relay from any of them to any
 * other (or to a WebSocket client) writes the original bytes.
 */
public final class MessagePayload {
    /** The field that marks {@code data} as base64 of the message's bytes. */
    public static final String BINARY = "binary";

    private MessagePayload() {
    }

    /** Why a message's bytes do not fit {@link PayloadFormat#JSON}. */
    public static final class NotJson extends Exception {
        NotJson(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Sets {@code data} on {@code record} from {@code bytes} per {@code format}, and {@code "binary": true} when it is
     * base64.
     *
     * @throws NotJson with {@link PayloadFormat#JSON}, for bytes that are not one JSON document; {@code data} then holds
     *     them as {@link PayloadFormat#TEXT} would, so that the error record carries what came
     */
    public static void decode(ObjectMapper json, byte[] bytes, PayloadFormat format, ObjectNode record) throws NotJson {
        String text = format == PayloadFormat.BINARY ? null : utf8(bytes);
        if (text == null) {
            record.put("data", Base64.getEncoder().encodeToString(bytes));
            record.put(BINARY, true);
            if (format == PayloadFormat.JSON) {
                throw new NotJson("the message is not UTF-8 text, so not JSON (" + bytes.length + " bytes, carried as base64)", null);
            }
            return;
        }
        switch (format) {
            case AUTO -> record.set("data", Payloads.parse(json, text));
            case TEXT -> record.set("data", TextNode.valueOf(text));
            default -> {
                record.set("data", TextNode.valueOf(text));
                JsonNode value;
                try {
                    value = json.readTree(text);
                } catch (JsonProcessingException e) {
                    throw new NotJson("the message is not JSON: " + e.getOriginalMessage(), e);
                }
                if (value == null || value.isMissingNode()) {
                    throw new NotJson("the message is empty, not JSON", null);
                }
                record.set("data", value);
            }
        }
    }

    /**
     * Decodes {@code bytes} into {@code record} and emits it, with {@code onHandled} (null: untracked) run once it is
     * handled. A message that does not fit {@code format} goes to {@code errors} as {@code bad_json} instead, and counts
     * as handled once reported: redelivering it would fail the same way.
     */
    public static void emit(ComponentContext context, Output out, ObjectNode record, byte[] bytes, PayloadFormat format, Runnable onHandled) {
        emit(context, out, record, bytes, format, onHandled, reason -> { });
    }

    /**
     * As {@link #emit(ComponentContext, Output, ObjectNode, byte[], PayloadFormat, Runnable)}, with {@code onFailed}
     * run instead of {@code onHandled} when the record fails downstream, so that the source redelivers the message.
     */
    public static void emit(ComponentContext context, Output out, ObjectNode record, byte[] bytes, PayloadFormat format, Runnable onHandled,
            java.util.function.Consumer<Throwable> onFailed) {
        try {
            decode(context.json(), bytes, format, record);
        } catch (NotJson e) {
            context.reportError(new Record(record, 0, context.name(), System.currentTimeMillis()), "bad_json", e);
            if (onHandled != null) {
                onHandled.run();
            }
            return;
        }
        if (onHandled == null) {
            out.emit(record);
        } else {
            out.emit(record, onHandled, onFailed);
        }
    }

    /**
     * The bytes a sink writes for {@code value}: its payload ({@code payloadField}, else the whole value) as UTF-8 text
     * (a string as its text, anything else as its JSON), or, when the record says {@code "binary": true} and the
     * payload is a field holding a string, the bytes that string encodes in base64.
     *
     * @throws IllegalArgumentException when the payload field is missing, or a binary payload is not base64 (the
     *     record's error: it goes to {@code errors})
     */
    public static byte[] encode(ObjectMapper json, JsonNode value, String payloadField) throws JsonProcessingException {
        JsonNode payload = Payloads.select(value, payloadField);
        if (payloadField != null && payload.isTextual() && value.path(BINARY).asBoolean(false)) {
            try {
                return Base64.getDecoder().decode(payload.textValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("record has \"binary\": true but its " + payloadField + " is not base64: "
                        + e.getMessage(), e);
            }
        }
        return Payloads.bytes(json, payload);
    }

    /** {@code bytes} as text when they are valid UTF-8, else null. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
