package dev.blueprint.components.process;

import dev.blueprint.api.Acknowledgement;
import dev.blueprint.api.Record;
import java.util.concurrent.ScheduledFuture;

/** A record handed to a worker, with the fields its answer must carry and its timeout, if any. */
final class Request {
    private final Record record;
    private final Correlation correlation;
    private final Acknowledgement acknowledgement;
    private volatile ScheduledFuture<?> timeout;
    private final RequestMetrics.Series series;
    private final long beganNanos = System.nanoTime();

    Request(Record record, Correlation correlation, Acknowledgement acknowledgement, RequestMetrics.Series series) {
        this.series = series;
        this.record = record;
        this.correlation = correlation;
        this.acknowledgement = acknowledgement;
    }

    /** Held from the request until its answer is complete: its answers carry it, its source hears when they are handled. */
    Acknowledgement acknowledgement() {
        return acknowledgement;
    }

    /** The meters this request counts in. */
    RequestMetrics.Series series() {
        return series;
    }

    /** Nanoseconds since it was handed to a worker. */
    long elapsedNanos() {
        return System.nanoTime() - beganNanos;
    }

    Record record() {
        return record;
    }

    Correlation correlation() {
        return correlation;
    }

    void timeout(ScheduledFuture<?> timeout) {
        this.timeout = timeout;
    }

    void cancelTimeout() {
        ScheduledFuture<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
    }
}
