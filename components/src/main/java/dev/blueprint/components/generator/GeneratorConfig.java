package dev.blueprint.components.generator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import java.time.Duration;

/**
 * Config of the {@code generator} source (the default {@code Source}).
 *
 * @param interval pause between records
 * @param rate records per second; 0 means as fast as possible; overrides interval
 * @param count how many records before finishing; unbounded when absent
 * @param template the JSON value emitted
 */
public record GeneratorConfig(
        @Doc("Pause between records (30, 250ms, 2s).") Duration interval,
        @Doc("Records per second; 0 = as fast as possible. Overrides interval when set.") Double rate,
        @Doc("Number of records, then the source finishes; unbounded when absent.") Long count,
        @Doc("The JSON value to emit; strings may hold {{seq}}, {{now}} and {{random}}.") JsonNode template) {

    public GeneratorConfig {
        interval = interval == null ? Duration.ofSeconds(1) : interval;
        template = template == null ? Template.SAMPLE : template;
        if (rate != null && (rate < 0 || rate.isNaN() || rate.isInfinite())) {
            throw new ConfigException("rate", "must be 0 (as fast as possible) or a positive number of records per second, was " + rate);
        }
        if (rate == null && (interval.isZero() || interval.isNegative())) {
            throw new ConfigException("interval", "must be positive; for as fast as possible write rate: 0");
        }
        if (count != null && count < 0) {
            throw new ConfigException("count", "must not be negative, was " + count);
        }
    }

    /** Nanoseconds between records; 0 for as fast as possible. */
    long periodNanos() {
        if (rate != null) {
            return rate == 0 ? 0 : (long) (1e9 / rate);
        }
        return interval.toNanos();
    }
}
