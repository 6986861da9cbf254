package dev.blueprint.components.streamprocessor;

import java.util.function.LongConsumer;

/**
 * The tumbling or sliding windows a time falls in. Windows of length {@code size} start every {@code slide} (equal to
 * size for tumbling windows) at {@code offset} plus multiples of slide: offset 0 aligns them to the epoch, so
 * 10-second windows start at :00, :10, :20.
 */
final class WindowAssigner {
    private final long size;
    private final long slide;
    private long offset;

    WindowAssigner(long size, long slide) {
        this.size = size;
        this.slide = slide;
    }

    /** Aligns windows to {@code time} instead of the epoch (align: start). */
    void alignTo(long time) {
        offset = Math.floorMod(time, slide);
    }

    long offset() {
        return offset;
    }

    void restoreOffset(long offset) {
        this.offset = offset;
    }

    long size() {
        return size;
    }

    /** The start of the latest window {@code time} falls in. */
    long lastStart(long time) {
        return Math.floorDiv(time - offset, slide) * slide + offset;
    }

    /** Each start of a window holding {@code time}, latest first (size / slide of them). */
    void starts(long time, LongConsumer start) {
        for (long s = lastStart(time); s > time - size; s -= slide) {
            start.accept(s);
        }
    }
}
