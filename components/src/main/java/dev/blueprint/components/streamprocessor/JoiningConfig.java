package dev.blueprint.components.streamprocessor;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import java.time.Duration;

/**
 * Config of the {@code joining} processor.
 *
 * @param key jq matching key; without it both sides are merged and tagged as they arrive
 * @param window how far apart two records may be to pair
 * @param time processing or event time
 * @param timestamp jq expression of a record's event time
 * @param allowedLateness how far behind the latest event time the watermark stays
 * @param id jq expression of a record's source message id, for deduplication
 * @param state where the buffer is checkpointed
 */
public record JoiningConfig(
        @Doc("jq expression giving a record's key; records of left and right with equal keys are paired. Absent: both "
                + "sides are merged as they arrive, each tagged with its side.") String key,
        @Doc("With key: how far apart in time two records may be to pair; a record waits this long for its match before it "
                + "goes to unmatched.") Duration window,
        @Doc("With key: processing (when a record arrives) or event (its own time, from timestamp).") WindowConfig.Time time,
        @Doc("With time: event, jq expression of a record's time: an RFC 3339 string or epoch seconds.") String timestamp,
        @Doc("With time: event, how far behind the latest event time the watermark stays: a record waits for matches until "
                + "the watermark passes its time plus window.") Duration allowedLateness,
        @Doc("With key: jq expression of a record's source message id (.id for a Redis Stream); a record whose id is "
                + "buffered, or left the buffer less than a window ago, is a redelivery and is not paired again.") String id,
        @Doc("With key: where the buffer (the records waiting in their window) is checkpointed, to be restored on start: "
                + "{redis: URL} or {file: path}; a stop then keeps the records still in their window for the next run. "
                + "Absent: in memory only.") StateConfig state) {

    public JoiningConfig {
        window = window == null ? Duration.ofSeconds(10) : window;
        Positive.check("window", window);
        time = time == null ? WindowConfig.Time.PROCESSING : time;
        if (time == WindowConfig.Time.EVENT && (timestamp == null || key == null)) {
            throw new ConfigException(key == null ? "key" : "timestamp", "is required with time: event");
        }
        if (time != WindowConfig.Time.EVENT && (timestamp != null || allowedLateness != null)) {
            throw new ConfigException(timestamp != null ? "timestamp" : "allowed_lateness", "is for time: event");
        }
        if (key == null && (id != null || state != null)) {
            throw new ConfigException(id != null ? "id" : "state", "is for joining by key (nothing is buffered without key)");
        }
        allowedLateness = allowedLateness == null ? Duration.ZERO : allowedLateness;
        if (allowedLateness.isNegative()) {
            throw new ConfigException("allowed_lateness", "must not be negative, was " + allowedLateness);
        }
    }
}
