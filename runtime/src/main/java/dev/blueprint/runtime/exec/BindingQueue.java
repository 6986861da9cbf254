package dev.blueprint.runtime.exec;

import dev.blueprint.api.PipelineMetrics;
import dev.blueprint.api.PipelineStoppedException;
import dev.blueprint.api.Record;
import dev.blueprint.runtime.model.BindingDecl;
import dev.blueprint.runtime.model.Overflow;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bounded queue behind one binding. The sender side applies the overflow policy; the receiver side
 * sees end-of-stream once the sender closed it and it is empty.
 */
final class BindingQueue implements PipelineMetrics.BindingStats {
    private final BindingDecl binding;
    private final ArrayBlockingQueue<Record> queue;
    private final LongAdder delivered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    /** The part of {@link #dropped} that a dead or stopped receiver left behind, not the overflow policy. */
    private final LongAdder droppedAtShutdown = new LongAdder();
    private final Wakeup wakeup;
    private volatile boolean closed;
    private volatile boolean abandoned;

    BindingQueue(BindingDecl binding, Wakeup wakeup) {
        this.binding = binding;
        this.queue = new ArrayBlockingQueue<>(binding.capacity());
        this.wakeup = wakeup;
    }

    BindingDecl binding() {
        return binding;
    }

    /** Queues a record per the overflow policy; blocks only under {@code block}. */
    void put(Record record) {
        if (abandoned) {
            dropped.increment();
            droppedAtShutdown.increment();
            return; // never handled: not acknowledged, so that its source gets it again next run
        }
        switch (binding.overflow()) {
            case BLOCK -> {
                try {
                    queue.put(record);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PipelineStoppedException("stopped while waiting for room in " + label());
                }
            }
            case DROP_NEWEST -> {
                if (!queue.offer(record)) {
                    dropped.increment();
                    record.acknowledgement().release(); // dropped by design: handled
                    return;
                }
            }
            case DROP_OLDEST -> {
                while (!queue.offer(record)) {
                    Record oldest = queue.poll();
                    if (oldest != null) {
                        dropped.increment();
                        oldest.acknowledgement().release();
                    }
                }
            }
        }
        delivered.increment();
        if (abandoned) {
            dropWhatWaits(); // the receiver was abandoned while this record went in
            return;
        }
        wakeup.signal();
    }

    /**
     * A record sent to the other bindings of its output that the stop kept from this one: dropped at shutdown, and
     * not acknowledged (its hold stays), as a queued record left behind by a stop is.
     */
    void lostToStop() {
        dropped.increment();
        droppedAtShutdown.increment();
    }

    /** True when the queue is full and the overflow policy drops rather than blocks. */
    boolean wouldDrop() {
        return binding.overflow() != Overflow.BLOCK && queue.remainingCapacity() == 0;
    }

    /** Moves up to {@code max} waiting records into {@code into}; returns how many. */
    int drainTo(java.util.Collection<Record> into, int max) {
        return queue.drainTo(into, max);
    }

    /** Sender side: no more records will come. */
    void close() {
        closed = true;
        wakeup.signal();
    }

    /** True once the sender closed the queue and everything sent was taken. */
    boolean ended() {
        return closed && queue.isEmpty();
    }

    /** Receiver died: drop what waits and what comes, counting it, so senders never block on it. */
    void abandon() {
        abandoned = true;
        dropWhatWaits();
    }

    /**
     * Empties the queue one record at a time, counting each as dropped at shutdown. Not size-then-clear: a sender
     * that checked {@link #abandoned} just before it was set may still queue a record, and that one must be
     * counted too; {@link #put} calls this again once its record is in, so nothing stays stranded.
     */
    private void dropWhatWaits() {
        // the receiver died: its records are never handled, so never acknowledged (their sources get them again)
        int n = 0;
        while (queue.poll() != null) {
            n++;
        }
        dropped.add(n);
        droppedAtShutdown.add(n);
        delivered.add(-n);
    }

    /** Records dropped because the receiver died or the run stopped, as opposed to by the overflow policy. */
    long droppedAtShutdown() {
        return droppedAtShutdown.sum();
    }

    Overflow overflow() {
        return binding.overflow();
    }

    @Override
    public String label() {
        return binding.label();
    }

    @Override
    public String fromComponent() {
        return binding.fromComponent();
    }

    @Override
    public String toComponent() {
        return binding.toComponent();
    }

    @Override
    public long delivered() {
        return delivered.sum();
    }

    @Override
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public int depth() {
        return queue.size();
    }

    @Override
    public int capacity() {
        return binding.capacity();
    }
}
