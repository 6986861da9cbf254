package dev.blueprint.components.process;

import dev.blueprint.api.Record;
import java.util.concurrent.ScheduledFuture;

/** A record handed to a worker, with the fields its answer must carry and its timeout, if any. */
final class Request {
    private final Record record;
    private final Correlation correlation;
    private volatile ScheduledFuture<?> timeout;

    Request(Record record, Correlation correlation) {
        this.record = record;
        this.correlation = correlation;
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
