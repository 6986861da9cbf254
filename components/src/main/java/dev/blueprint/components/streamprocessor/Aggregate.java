package dev.blueprint.components.streamprocessor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** The running count, sum, min and max of one window group. */
final class Aggregate {
    private final JsonNode key;
    private final long startMillis;
    private long count;
    private long numbers;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    Aggregate(JsonNode key, long startMillis) {
        this.key = key;
        this.startMillis = startMillis;
    }

    void add(Double value) {
        count++;
        if (value != null) {
            numbers++;
            sum += value;
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
    }

    long count() {
        return count;
    }

    /**
     * {@code {key?, count, sum, avg, min, max, start, end}}; the numeric figures appear only when a field
     * is aggregated, and are null when no record had a number.
     */
    JsonNode toJson(boolean withField, long endMillis) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (key != null) {
            o.set("key", key);
        }
        o.put("count", count);
        if (withField) {
            if (numbers == 0) {
                o.putNull("sum").putNull("avg").putNull("min").putNull("max");
            } else {
                o.set("sum", number(sum));
                o.put("avg", sum / numbers);
                o.set("min", number(min));
                o.set("max", number(max));
            }
        }
        o.put("start", Instant.ofEpochMilli(startMillis).toString());
        o.put("end", Instant.ofEpochMilli(endMillis).toString());
        return o;
    }

    /** Whole numbers print without a fraction, so sums of integers stay integers. */
    private static JsonNode number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return JsonNodeFactory.instance.numberNode((long) d);
        }
        return JsonNodeFactory.instance.numberNode(d);
    }
}
