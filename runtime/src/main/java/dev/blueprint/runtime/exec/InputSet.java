package dev.blueprint.runtime.exec;

import dev.blueprint.api.Record;
import java.util.ArrayList;
import java.util.List;

/**
 * The receiving side of a component: all binding queues into it. Reads them round-robin so that no
 * input starves another, taking up to {@value #BATCH} records per queue visit: one lock hand-off per
 * batch instead of one per record is what keeps the runtime close to a hand-written queue pipeline.
 */
final class InputSet {
    static final int BATCH = 128;
    private final BindingQueue[] queues;
    private final String[] inputNames;
    private final Wakeup wakeup;
    private final ArrayList<Record> batch = new ArrayList<>(BATCH);
    private int batchPos;
    private int next;
    private String lastInput;

    InputSet(List<BindingQueue> queues, Wakeup wakeup) {
        this.queues = queues.toArray(BindingQueue[]::new);
        this.inputNames = queues.stream().map(q -> q.binding().toStream()).toArray(String[]::new);
        this.wakeup = wakeup;
    }

    boolean isEmpty() {
        return queues.length == 0;
    }

    /** The input stream the last polled record came from. */
    String lastInput() {
        return lastInput;
    }

    /**
     * The next record, waiting at most {@code nanos}; null when none came in time or every input ended.
     * Waiting goes through the {@link Wakeup} even for one input, because closing a queue signals it:
     * a consumer parked in the queue's own timed poll would only notice end-of-stream when the timeout
     * ran out, adding that timeout to every stage of a finite pipeline.
     */
    Record poll(long nanos) throws InterruptedException {
        if (batchPos < batch.size()) {
            return batch.get(batchPos++);
        }
        batch.clear();
        batchPos = 0;
        Record r = pollAny();
        if (r != null) {
            return r;
        }
        wakeup.arm();
        r = pollAny();
        if (r != null || allEnded()) {
            wakeup.disarm();
            return r;
        }
        wakeup.await(nanos);
        return pollAny();
    }

    private Record pollAny() {
        for (int i = 0; i < queues.length; i++) {
            int k = next;
            next = next + 1 == queues.length ? 0 : next + 1;
            if (queues[k].drainTo(batch, BATCH) > 0) {
                lastInput = inputNames[k];
                batchPos = 1;
                return batch.get(0);
            }
        }
        return null;
    }

    /**
     * Puts the record {@link #poll} just returned back in front of the batch: the run stopped before it was handed
     * on, and {@link #notDelivered} must count it with the rest of the batch.
     */
    void unpoll() {
        batchPos--;
    }

    /** True once every input queue has ended. */
    boolean allEnded() {
        for (BindingQueue q : queues) {
            if (!q.ended()) {
                return false;
            }
        }
        return true;
    }

    void abandon() {
        for (BindingQueue q : queues) {
            q.abandon();
        }
    }

    long dropped() {
        long n = 0;
        for (BindingQueue q : queues) {
            n += q.dropped();
        }
        return n;
    }

    /** Records the overflow policies dropped. */
    long droppedByOverflow() {
        long n = 0;
        for (BindingQueue q : queues) {
            n += q.dropped() - q.droppedAtShutdown();
        }
        return n;
    }

    /**
     * Records that reached this component's queues but not the component: dropped because it died, still
     * queued, or taken from a queue into the batch but not handed on. Once the run is over, that is what
     * its end dropped; read while the component runs, it is only an estimate.
     */
    long notDelivered() {
        long n = Math.max(0, batch.size() - batchPos);
        for (BindingQueue q : queues) {
            n += q.droppedAtShutdown() + q.depth();
        }
        return n;
    }
}
