package dev.blueprint.components.streamprocessor;

/**
 * How far event time has surely got: the latest event time seen minus the allowed lateness. A window whose end it
 * has passed is complete; a record for it comes too late. It only moves forward.
 */
final class Watermark {
    private final long lateness;
    private long latest = Long.MIN_VALUE;
    private long value = Long.MIN_VALUE;

    Watermark(long latenessMillis) {
        this.lateness = latenessMillis;
    }

    /** Takes a record's event time into account; returns whether the watermark moved. */
    boolean observe(long eventTime) {
        if (eventTime <= latest) {
            return false;
        }
        latest = eventTime;
        return advanceTo(eventTime - lateness);
    }

    /** Moves the watermark to {@code time} if that is later (a restored checkpoint, the end of a test's input). */
    boolean advanceTo(long time) {
        if (time <= value) {
            return false;
        }
        value = time;
        return true;
    }

    long value() {
        return value;
    }

    long latest() {
        return latest;
    }

    /** Restores what a checkpoint held. */
    void restore(long latest, long value) {
        this.latest = Math.max(this.latest, latest);
        advanceTo(value);
    }
}
