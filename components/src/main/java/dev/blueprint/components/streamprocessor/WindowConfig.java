package dev.blueprint.components.streamprocessor;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import java.time.Duration;

/**
 * Config of the {@code window} processor: tumbling windows by count ({@code size}) or by time
 * ({@code duration}, the default).
 *
 * @param key jq grouping key
 * @param size records per window
 * @param duration length of a tumbling time window
 * @param field jq expression of the number to aggregate
 */
public record WindowConfig(
        @Doc("jq expression giving a record's group; one aggregate per group and window. Absent: one group.") String key,
        @Doc("Records per tumbling window; set this or duration.") Integer size,
        @Doc("Length of a tumbling time window (10s when size is absent too).") Duration duration,
        @Doc("jq expression of the number to aggregate (count only when absent).") String field) {

    public WindowConfig {
        if (size != null && duration != null) {
            throw new ConfigException("size", "and duration are alternatives for variant: window; set one of them");
        }
        duration = size == null && duration == null ? Duration.ofSeconds(10) : duration;
        Positive.check("size", size);
        Positive.check("duration", duration);
    }
}
