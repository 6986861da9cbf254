package dev.blueprint.components.broker;

import java.util.ArrayDeque;
import java.util.Optional;

/**
 * What a source that reads in order (a Kafka partition, a cursor query) emitted and has not seen all handled yet: its
 * position moves past a record only once that record and every one before it were handled, so a record handled out
 * of order waits for those before it. A failed record makes the source read again from the first record not handled;
 * records of the earlier reading then settle into nothing (an epoch tells them apart). Thread-safe: records settle on
 * sinks' threads.
 *
 * @param <P> a record's position (an offset, a cursor value)
 */
public final class InOrderProgress<P> {
    private final ArrayDeque<Entry<P>> emitted = new ArrayDeque<>();
    private P handled;
    private boolean moved;
    private long epoch;
    private boolean failed;

    /** One emitted record. */
    public static final class Entry<P> {
        final P position;
        final long epoch;
        boolean handled;

        Entry(P position, long epoch) {
            this.position = position;
            this.epoch = epoch;
        }
    }

    /** @param start the position before the first record (null: none yet) */
    public InOrderProgress(P start) {
        this.handled = start;
    }

    /** Notes a record about to be emitted. */
    public synchronized Entry<P> emitted(P position) {
        Entry<P> e = new Entry<>(position, epoch);
        emitted.add(e);
        return e;
    }

    /** A record was handled: the position moves past every handled record at the head. */
    public synchronized void handled(Entry<P> e) {
        if (e.epoch != epoch) {
            return;
        }
        e.handled = true;
        while (!emitted.isEmpty() && emitted.peek().handled) {
            handled = emitted.poll().position;
            moved = true;
        }
    }

    /** A record failed: the position stays before it, and the source is to read again (see {@link #takeRewind}). */
    public synchronized void failed(Entry<P> e) {
        if (e.epoch == epoch) {
            failed = true;
        }
    }

    /**
     * After a failure, once: the position of the first record not handled, from which the source reads again, and
     * everything emitted is forgotten (it comes again); empty when nothing failed.
     */
    public synchronized Optional<P> takeRewind() {
        if (!failed) {
            return Optional.empty();
        }
        failed = false;
        epoch++;
        P first = emitted.isEmpty() ? null : emitted.peek().position;
        emitted.clear();
        return Optional.ofNullable(first);
    }

    /** The position of the last record handled with every one before it (the start until then). */
    public synchronized P position() {
        return handled;
    }

    /** That position when it moved since the last call, else empty. */
    public synchronized Optional<P> takeMoved() {
        if (!moved) {
            return Optional.empty();
        }
        moved = false;
        return Optional.ofNullable(handled);
    }

    /** Records emitted and not yet settled. */
    public synchronized int pending() {
        return emitted.size();
    }
}
