package dev.blueprint.components.streamprocessor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How a window writes its numbers: rounded to {@code round} decimals (half up, as people round) when set, and
 * whole numbers without a fraction, so that sums of integers stay integers and 22.479999999999997 reads 22.48.
 */
final class Numbers {
    private final Integer round;

    Numbers(Integer round) {
        this.round = round;
    }

    JsonNode of(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (round != null) {
            d = BigDecimal.valueOf(d).setScale(round, RoundingMode.HALF_UP).doubleValue();
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return JsonNodeFactory.instance.numberNode((long) d);
        }
        return JsonNodeFactory.instance.numberNode(d);
    }

    /** p50, p95, p99.9 for 50, 95, 99.9. */
    static String percentileName(double p) {
        return "p" + (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p));
    }
}
