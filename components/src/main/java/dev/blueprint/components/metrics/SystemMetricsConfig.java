package dev.blueprint.components.metrics;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import java.time.Duration;

/**
 * Config of the {@code system_metrics} source.
 *
 * @param interval pause between records
 * @param count how many records before finishing
 */
public record SystemMetricsConfig(
        @Doc("Pause between records (30, 250ms, 2s).") Duration interval,
        @Doc("Number of records, then the source finishes; unbounded when absent.") Long count) {

    public SystemMetricsConfig {
        interval = interval == null ? Duration.ofSeconds(1) : interval;
        if (interval.isZero() || interval.isNegative()) {
            throw new ConfigException("interval", "must be positive, was " + interval);
        }
        if (count != null && count < 0) {
            throw new ConfigException("count", "must not be negative, was " + count);
        }
    }
}
