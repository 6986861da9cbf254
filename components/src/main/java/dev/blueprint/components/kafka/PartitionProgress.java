package dev.blueprint.components.kafka;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The records of one partition that a source emitted and that are not all handled yet, in offset order. The
 * offset to commit is the first one not handled: a record handled out of order waits for those before it, and
 * a failed record holds the position where it is until the source reads the partition again from it. Records
 * of an earlier reading (before a rewind) settle into nothing. Thread-safe: records settle on sinks' threads.
 */
final class PartitionProgress {
    private final ArrayDeque<Entry> emitted = new ArrayDeque<>();
    private long committable = -1;
    private long epoch;
    private long failedAt = -1;

    /** One emitted record; {@code epoch} tells a record read before a rewind from one read after. */
    static final class Entry {
        final long offset;
        final long epoch;
        boolean handled;

        Entry(long offset, long epoch) {
            this.offset = offset;
            this.epoch = epoch;
        }
    }

    /** Notes a record about to be emitted. */
    synchronized Entry emitted(long offset) {
        Entry e = new Entry(offset, epoch);
        emitted.add(e);
        return e;
    }

    /** A record was handled: the commit position moves past every handled record at the head. */
    synchronized void handled(Entry e) {
        if (e.epoch != epoch) {
            return;
        }
        e.handled = true;
        while (!emitted.isEmpty() && emitted.peek().handled) {
            committable = emitted.poll().offset + 1;
        }
    }

    /** A record failed: the position stays before it, and the source is to read the partition again from it. */
    synchronized void failed(Entry e) {
        if (e.epoch != epoch) {
            return;
        }
        if (failedAt < 0 || e.offset < failedAt) {
            failedAt = e.offset;
        }
    }

    /**
     * The offset to read again from after a failure, once (-1: none): everything emitted from it on is forgotten,
     * since it is read again.
     */
    synchronized long takeRewind() {
        long at = failedAt;
        if (at < 0) {
            return -1;
        }
        failedAt = -1;
        epoch++;
        for (Iterator<Entry> it = emitted.iterator(); it.hasNext();) {
            if (it.next().offset >= at) {
                it.remove();
            }
        }
        // what is before it and still unsettled stays tracked under the old epoch no more: read again too
        if (!emitted.isEmpty()) {
            at = Math.min(at, emitted.peek().offset);
            emitted.clear();
        }
        return at;
    }

    /** The offset to commit now, or -1 when nothing new is handled since the last call. */
    synchronized long takeCommittable() {
        long c = committable;
        committable = -1;
        return c;
    }

    /** Records emitted and not yet settled. */
    synchronized int pending() {
        return emitted.size();
    }
}
