package dev.blueprint.components.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import java.time.Duration;

/**
 * Config of the {@code Source} type.
 *
 * @param variant which source
 * @param interval pause between records of the generator
 * @param rate records per second of the generator; 0 means as fast as possible; overrides interval
 * @param count how many records the generator emits before finishing; unbounded when absent
 * @param template the JSON value the generator emits
 */
public record SourceConfig(
        @Doc("Which source: generator (the default).") Variant variant,
        @Doc("Generator: pause between records (30, 250ms, 2s).") Duration interval,
        @Doc("Generator: records per second; 0 = as fast as possible. Overrides interval when set.") Double rate,
        @Doc("Generator: number of records, then the source finishes; unbounded when absent.") Long count,
        @Doc("Generator: the JSON value to emit; strings may hold {{seq}}, {{now}} and {{random}}.") JsonNode template) {

    /** The source variants. */
    public enum Variant {
        /** Emits a template record on a timer or at a rate. */
        GENERATOR
    }

    public SourceConfig {
        variant = variant == null ? Variant.GENERATOR : variant;
        interval = interval == null ? Duration.ofSeconds(1) : interval;
        if (rate != null && (rate < 0 || rate.isNaN() || rate.isInfinite())) {
            throw new ConfigException("rate", "must be 0 (as fast as possible) or a positive number of records per second, was " + rate);
        }
        if (count != null && count < 0) {
            throw new ConfigException("count", "must not be negative, was " + count);
        }
        if (rate == null && interval.isZero()) {
            throw new ConfigException("interval", "must be positive; for as fast as possible write rate: 0");
        }
        template = template == null ? Template.SAMPLE : template;
    }

    /** Nanoseconds between records; 0 for as fast as possible. */
    long periodNanos() {
        if (rate != null) {
            return rate == 0 ? 0 : (long) (1e9 / rate);
        }
        return interval.toNanos();
    }
}
