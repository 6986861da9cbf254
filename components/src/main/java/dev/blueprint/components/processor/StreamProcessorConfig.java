package dev.blueprint.components.processor;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import java.time.Duration;
import java.util.Set;

/**
 * Config of the {@code StreamProcessor} type. Keys a variant does not use stay null (and draw a warning
 * when set); the variant's own keys get their defaults here.
 *
 * @param variant which processing
 * @param key jq grouping/matching key
 * @param window joining: how long a record waits for its match; dedupe: how long a key is remembered
 * @param size window: records per window; batch: records per batch; dedupe: keys remembered
 * @param duration window: length of a tumbling time window; batch: longest wait before a partial batch
 * @param field window: jq expression of the number to aggregate
 * @param limit throttle: records per period
 * @param period throttle: the period
 * @param mode throttle: drop or delay the excess
 */
public record StreamProcessorConfig(
        @Doc("merge (default), joining, window, dedupe, throttle or batch.") Variant variant,
        @Doc("joining, window, dedupe: jq expression giving a record's key (joining without key merges both sides; "
                + "dedupe defaults to the whole record).") String key,
        @Doc("joining with key: how long a record waits for a match (default 10s); dedupe: how long a key is remembered "
                + "(default: until pushed out by size).") Duration window,
        @Doc("window: records per tumbling window; batch: records per batch (default 100); dedupe: keys remembered (default 10000).") Integer size,
        @Doc("window: length of a tumbling time window (default 10s when size is absent); batch: longest wait before a "
                + "partial batch is sent (default 1s).") Duration duration,
        @Doc("window: jq expression of the number to aggregate (count only when absent).") String field,
        @Doc("throttle: records let through per period (default 100).") Integer limit,
        @Doc("throttle: the period (default 1s).") Duration period,
        @Doc("throttle: drop (default; the excess goes to the throttled output) or delay (wait for the next period).") Mode mode) {

    /** The processing variants. */
    public enum Variant {
        /** Any number of inputs into one output. */
        MERGE(Set.of()),
        /** left and right inputs, merged and tagged or matched by key. */
        JOINING(Set.of("key", "window")),
        /** Tumbling-window aggregates. */
        WINDOW(Set.of("key", "size", "duration", "field")),
        /** Drops repeats of a key. */
        DEDUPE(Set.of("key", "window", "size")),
        /** At most limit records per period. */
        THROTTLE(Set.of("limit", "period", "mode")),
        /** Arrays of records. */
        BATCH(Set.of("size", "duration"));

        final Set<String> keys;

        Variant(Set<String> keys) {
            this.keys = keys;
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What throttle does with records over the limit. */
    public enum Mode {
        /** Send them to the throttled output. */
        DROP,
        /** Hold the input until the next period. */
        DELAY
    }

    public StreamProcessorConfig {
        variant = variant == null ? Variant.MERGE : variant;
        switch (variant) {
            case JOINING -> window = key != null && window == null ? Duration.ofSeconds(10) : window;
            case WINDOW -> duration = size == null && duration == null ? Duration.ofSeconds(10) : duration;
            case DEDUPE -> {
                key = key == null ? "." : key;
                size = size == null ? 10_000 : size;
            }
            case THROTTLE -> {
                limit = limit == null ? 100 : limit;
                period = period == null ? Duration.ofSeconds(1) : period;
                mode = mode == null ? Mode.DROP : mode;
            }
            case BATCH -> {
                size = size == null ? 100 : size;
                duration = duration == null ? Duration.ofSeconds(1) : duration;
            }
            case MERGE -> {
            }
        }
        positive("size", size);
        positive("limit", limit);
        positive("window", window);
        positive("duration", duration);
        positive("period", period);
        if (variant == Variant.WINDOW && size != null && duration != null) {
            throw new ConfigException("size", "and duration are alternatives for variant: window; set one of them");
        }
    }

    private static void positive(String key, Integer value) {
        if (value != null && value <= 0) {
            throw new ConfigException(key, "must be positive, was " + value);
        }
    }

    private static void positive(String key, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new ConfigException(key, "must be positive, was " + value);
        }
    }
}
