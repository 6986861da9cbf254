package dev.blueprint.components.postgres;

import java.util.ArrayDeque;

/**
 * The rows a source emitted and that are not all handled yet, in cursor order: the position is the cursor of the
 * last row handled with every row before it handled too. A failed row makes the source read again from the
 * position; rows of the earlier reading then settle into nothing. Thread-safe: rows settle on sinks' threads.
 */
final class CursorProgress {
    private final ArrayDeque<Entry> emitted = new ArrayDeque<>();
    private String position;
    private long epoch;
    private boolean rewind;

    /** One emitted row. */
    static final class Entry {
        final String cursor;
        final long epoch;
        boolean handled;

        Entry(String cursor, long epoch) {
            this.cursor = cursor;
            this.epoch = epoch;
        }
    }

    CursorProgress(String position) {
        this.position = position;
    }

    synchronized Entry emitted(String cursor) {
        Entry e = new Entry(cursor, epoch);
        emitted.add(e);
        return e;
    }

    synchronized void handled(Entry e) {
        if (e.epoch != epoch) {
            return;
        }
        e.handled = true;
        while (!emitted.isEmpty() && emitted.peek().handled) {
            position = emitted.poll().cursor;
        }
    }

    synchronized void failed(Entry e) {
        if (e.epoch == epoch) {
            rewind = true;
        }
    }

    /** The position to read from again after a failure, once; null when none failed. */
    synchronized String takeRewind() {
        if (!rewind) {
            return null;
        }
        rewind = false;
        epoch++;
        emitted.clear();
        return position;
    }

    /** The cursor of the last row handled with all before it. */
    synchronized String position() {
        return position;
    }

    synchronized int pending() {
        return emitted.size();
    }
}
