package dev.blueprint.cli.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.runtime.json.BlueprintJson;
import dev.blueprint.runtime.validate.Problems;
import dev.blueprint.runtime.yaml.YamlDocument;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A test's {@code time:} section, which makes time windows deterministic: the input records are made at {@code start},
 * {@code start + step}, ... (their {@code $__meta.created}, and the clock reads that time while each is fed), and once
 * every input is fed the clock reads {@code watermark}, so that windows ending by then close complete and the rest
 * are partial.
 *
 * @param start when the first input record is made
 * @param step time between two input records
 * @param watermark what the clock reads after the inputs; absent: the last record's time
 */
record TimeControl(Instant start, Duration step, Instant watermark) {
    private static final java.util.List<String> KEYS = java.util.List.of("start", "step", "watermark");

    /** The time of the {@code n}th record fed (from 0). */
    long millisOf(long n) {
        return start.toEpochMilli() + n * step.toMillis();
    }

    static TimeControl read(JsonNode t, String pointer, YamlDocument doc, Problems problems) {
        if (!t.isObject()) {
            problems.error(doc.valueAt(pointer), "'time' is a mapping: {start: RFC 3339 time, step: duration, watermark: RFC 3339 time}");
            return null;
        }
        t.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                problems.error(doc.keyAt(pointer + "/" + k), "unknown key '" + k + "' in time; allowed keys: " + String.join(", ", KEYS));
            }
        });
        Instant start = instant(t, "start", pointer, doc, problems);
        Instant watermark = instant(t, "watermark", pointer, doc, problems);
        Duration step = Duration.ofSeconds(1);
        if (t.has("step")) {
            try {
                step = BlueprintJson.config().treeToValue(t.get("step"), Duration.class);
            } catch (IOException | IllegalArgumentException e) {
                problems.error(doc.valueAt(pointer + "/step"), "step must be a duration such as 1s, was " + t.get("step"));
            }
        }
        if (start == null && !t.has("start")) {
            start = watermark != null ? watermark : Instant.EPOCH;
        }
        return new TimeControl(start, step, watermark);
    }

    private static Instant instant(JsonNode t, String key, String pointer, YamlDocument doc, Problems problems) {
        if (!t.has(key)) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(t.get(key).asText()).toInstant();
        } catch (DateTimeParseException e) {
            problems.error(doc.valueAt(pointer + "/" + key), key + " must be an RFC 3339 time such as 2026-01-01T00:00:00Z, was " + t.get(key));
            return null;
        }
    }
}
