package dev.blueprint.components.streamprocessor;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import java.time.Duration;
import java.util.List;

/**
 * Config of the {@code window} processor: windows by count ({@code size}) or by time ({@code duration}, the
 * default): tumbling, sliding ({@code slide}) or session ({@code session_gap}) windows, on processing or event time.
 *
 * @param key jq grouping key
 * @param size records per window
 * @param duration length of a time window
 * @param field jq expression of the number to aggregate
 */
public record WindowConfig(
        @Doc("jq expression giving a record's group; one aggregate per group and window. Absent: one group.") String key,
        @Doc("Records per tumbling window; set this or duration.") Integer size,
        @Doc("Length of a time window (10s when size and session_gap are absent too).") Duration duration,
        @Doc("jq expression of the number to aggregate (count only when absent).") String field,
        @Doc("processing (the clock when a record arrives) or event (the record's own time, from timestamp).") Time time,
        @Doc("With time: event, jq expression of a record's time: an RFC 3339 string or epoch seconds (jq's now, "
                + "mktime); $__meta.created is when the record was made.") String timestamp,
        @Doc("epoch: windows start on multiples of duration since 1970 (:00, :10, :20); start: at the first record.") Align align,
        @Doc("Sliding windows: a new window of length duration starts every slide (each record is in duration/slide windows).") Duration slide,
        @Doc("Session windows: a key's window stays open while its records come less than this apart.") Duration sessionGap,
        @Doc("With time: event, how far behind the latest event time the watermark stays; a record for a window the "
                + "watermark has passed goes to late.") Duration allowedLateness,
        @Doc("With time: event, when no record has come for this long the watermark moves on with the clock (minus "
                + "allowed_lateness), so that a quiet stream's last windows close; absent: only records move it.") Duration idleTimeout,
        @Doc("Percentiles of field to emit, e.g. [50, 95, 99] (t-digest estimates), as p50, p95, p99.") List<Double> percentiles,
        @Doc("Decimals of the emitted numbers (avg, sums, percentiles); absent: as computed.") Integer round,
        @Doc("What a stop does with windows still open: emit (marked partial: true), drop, or keep (in the state store, "
                + "for the next run; the default with state, else emit).") Partial partial,
        @Doc("jq expression of a record's source message id (.id for a Redis Stream); a window counts each id once, so "
                + "a redelivered message is not counted twice.") String id,
        @Doc("Where open windows are checkpointed, to be restored on start: {redis: URL} or {file: path}; absent: in "
                + "memory only.") StateConfig state) {

    /** Which clock windows follow. */
    public enum Time {
        /** When the record reaches the window. */
        PROCESSING,
        /** The record's own time, from {@code timestamp}. */
        EVENT
    }

    /** Where tumbling and sliding windows start. */
    public enum Align {
        /** On multiples of their length since the epoch. */
        EPOCH,
        /** On the first record's time. */
        START
    }

    /** What a stop does with the windows still open. */
    public enum Partial {
        /** Emit them marked {@code partial: true}. */
        EMIT,
        /** Drop them (their records are acknowledged: they were handled, deliberately not emitted). */
        DROP,
        /** Keep them in the state store, to go on with them on the next start (the default with state). */
        KEEP
    }

    public WindowConfig {
        if (size != null && (duration != null || sessionGap != null || slide != null)) {
            throw new ConfigException("size", "counts records; duration, slide and session_gap are for time windows, not with size");
        }
        if (sessionGap != null && (duration != null || slide != null)) {
            throw new ConfigException("session_gap", "makes session windows; leave out duration and slide with it");
        }
        if (size != null && time != null) {
            throw new ConfigException("time", "is for time windows, not with size");
        }
        time = time == null ? Time.PROCESSING : time;
        if (time == Time.EVENT && timestamp == null) {
            throw new ConfigException("timestamp", "is required with time: event (e.g. .ts or $__meta.created)");
        }
        if (time != Time.EVENT && (timestamp != null || allowedLateness != null || idleTimeout != null)) {
            throw new ConfigException(timestamp != null ? "timestamp" : allowedLateness != null ? "allowed_lateness" : "idle_timeout",
                    "is for time: event");
        }
        duration = size == null && duration == null && sessionGap == null ? Duration.ofSeconds(10) : duration;
        align = align == null ? Align.EPOCH : align;
        allowedLateness = allowedLateness == null ? Duration.ZERO : allowedLateness;
        percentiles = percentiles == null ? List.of() : List.copyOf(percentiles);
        partial = partial == null ? state != null ? Partial.KEEP : Partial.EMIT : partial;
        if (partial == Partial.KEEP && state == null) {
            throw new ConfigException("partial", "keep needs a state store (state: {redis: URL} or {file: path}) to keep them in");
        }
        Positive.check("size", size);
        Positive.check("duration", duration);
        Positive.check("slide", slide);
        Positive.check("session_gap", sessionGap);
        Positive.check("idle_timeout", idleTimeout);
        if (allowedLateness.isNegative()) {
            throw new ConfigException("allowed_lateness", "must not be negative, was " + allowedLateness);
        }
        if (slide != null && (slide.compareTo(duration) > 0 || duration.toMillis() % slide.toMillis() != 0)) {
            throw new ConfigException("slide", "must divide duration (" + duration + "), was " + slide);
        }
        for (Double p : percentiles) {
            if (p == null || p < 0 || p > 100) {
                throw new ConfigException("percentiles", "are between 0 and 100, was " + p);
            }
        }
        if (round != null && (round < 0 || round > 15)) {
            throw new ConfigException("round", "must be 0..15, was " + round);
        }
    }

    /** Whether windows are by time (not by record count). */
    boolean timed() {
        return size == null;
    }
}
