package dev.blueprint.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The readings both sides of the window benchmark aggregate: {@code {"k": "key-<n mod keys>", "v": n mod 100, "ts":
 * epoch seconds}}, 100,000 per second of event time in order, so that a 1-second window holds 10 of each of 10,000 keys.
 */
final class WindowReadings {
    /** 2026-12-04T13:17:40Z: in the past, so that the end of the input closes every window whole. */
    static final long T0_MILLIS = 1_796_390_260_000L;
    static final int PER_SECOND = 100_000;
    static final String KEY = ".k";
    static final String FIELD = ".v";
    static final String TIMESTAMP = ".ts";

    private WindowReadings() {
    }

    static JsonNode reading(long n, int keys) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("k", "key-" + (n % keys));
        o.put("v", n % 100);
        o.put("ts", (T0_MILLIS + n * 1000 / PER_SECOND) / 1000.0);
        return o;
    }
}
