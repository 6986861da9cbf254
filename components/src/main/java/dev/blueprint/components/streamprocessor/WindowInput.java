package dev.blueprint.components.streamprocessor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.blueprint.api.Record;
import dev.blueprint.components.jq.JqExpression;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * What a window reads from a record with its jq expressions: the key, the number, the event time and the source
 * message id. A record it cannot read is reported (not_a_number, bad_timestamp, jq_error) and not counted.
 */
final class WindowInput {
    private final JqExpression key;
    private final JqExpression field;
    private final JqExpression timestamp;
    private final JqExpression id;
    private final String fieldText;

    /** What one record gave. */
    static final class Read {
        JsonNode key;
        String keyText;
        Double value;
        long time;
        String id;
    }

    /** A record that cannot be read: {@code kind} says how. */
    static final class Unreadable extends Exception {
        final String kind;

        Unreadable(String kind, Throwable cause) {
            super(cause.getMessage(), cause);
            this.kind = kind;
        }
    }

    WindowInput(WindowConfig config) throws JsonQueryException {
        this.key = compile(config.key());
        this.field = compile(config.field());
        this.timestamp = compile(config.timestamp());
        this.id = compile(config.id());
        this.fieldText = config.field();
    }

    private static JqExpression compile(String text) throws JsonQueryException {
        return text == null ? null : JqExpression.compile(text);
    }

    boolean hasField() {
        return field != null;
    }

    /** Reads {@code record} into {@code into}; {@code now} is its time unless it has its own (event time). */
    void read(Record record, long now, Read into) throws Unreadable {
        try {
            JsonNode k = key == null ? null : key.first(record);
            into.key = key == null ? null : k == null ? NullNode.instance : k;
            into.keyText = into.key == null ? "" : into.key.isTextual() ? into.key.textValue() : into.key.toString();
            into.value = null;
            if (field != null) {
                JsonNode v = field.first(record);
                if (v == null || !v.isNumber()) {
                    throw new Unreadable("not_a_number", new IllegalArgumentException("field " + fieldText + " is not a number: " + v));
                }
                into.value = v.doubleValue();
            }
            into.time = timestamp == null ? now : time(timestamp.first(record));
            JsonNode i = id == null ? null : id.first(record);
            into.id = i == null || i.isNull() ? null : i.isTextual() ? i.textValue() : i.toString();
        } catch (JsonQueryException | RuntimeException e) {
            throw new Unreadable("jq_error", e);
        }
    }

    /** Epoch milliseconds of an RFC 3339 string or a number of epoch seconds (jq's own unit: now, mktime). */
    static long time(JsonNode t) throws Unreadable {
        if (t != null && t.isNumber()) {
            return Math.round(t.doubleValue() * 1000);
        }
        if (t != null && t.isTextual()) {
            try {
                return OffsetDateTime.parse(t.textValue()).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new Unreadable("bad_timestamp", new IllegalArgumentException("timestamp is not RFC 3339: " + t.textValue()));
            }
        }
        throw new Unreadable("bad_timestamp", new IllegalArgumentException("timestamp is neither an RFC 3339 string nor epoch "
                + "seconds: " + t));
    }
}
