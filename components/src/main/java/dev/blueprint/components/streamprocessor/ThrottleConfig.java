package dev.blueprint.components.streamprocessor;

import dev.blueprint.api.Doc;
import java.time.Duration;

/**
 * Config of the {@code throttle} processor.
 *
 * @param limit records per period
 * @param period the period
 * @param mode drop or delay the excess
 */
public record ThrottleConfig(
        @Doc("Records let through per period.") Integer limit,
        @Doc("The period.") Duration period,
        @Doc("drop (the excess goes to the throttled output) or delay (wait for the next period).") Mode mode) {

    /** What throttle does with records over the limit. */
    public enum Mode {
        /** Send them to the throttled output. */
        DROP,
        /** Hold the input until the next period. */
        DELAY
    }

    public ThrottleConfig {
        limit = limit == null ? 100 : limit;
        period = period == null ? Duration.ofSeconds(1) : period;
        mode = mode == null ? Mode.DROP : mode;
        Positive.check("limit", limit);
        Positive.check("period", period);
    }
}
