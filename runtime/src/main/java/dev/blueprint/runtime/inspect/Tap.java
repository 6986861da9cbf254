package dev.blueprint.runtime.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.api.Record;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The last records of one output, for people looking at a running pipeline. Off unless someone watches: while
 * off, an emit pays one volatile read; while watched, it keeps a sample (one record in {@code 2^k}, with k set
 * from the output's rate so that about {@value #TARGET_PER_SECOND} a second are kept) as an {@link Excerpt}: a record
 * of 20 MB costs the tap its first few KiB, never the whole record. Rendering happens on the watcher's thread.
 */
public final class Tap {
    /** One record kept: its sequence, when it was made, and its excerpt. */
    public record Sample(long sequence, Instant created, JsonNode value, boolean cut) {
    }

    /** Records kept. */
    public static final int SIZE = 20;
    private static final int TARGET_PER_SECOND = 50;
    private static final long WATCH_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Recent<Sample> recent = new Recent<>(SIZE);
    private volatile boolean active;
    private volatile long sampleMask;
    private volatile long watchedAt;
    /** Records seen while active; racy on purpose when several threads emit: only the sample's spacing depends on it. */
    private long seen;

    /** Called for every record sent on the output. */
    public void offer(Record record) {
        if (active && (++seen & sampleMask) == 0) {
            Excerpt e = Excerpt.of(record.value());
            recent.add(new Sample(record.sequence(), record.created(), e.value(), e.cut()));
        }
    }

    /** Turns the tap on (or keeps it on) for the next ten seconds. */
    public void watch() {
        watchedAt = System.nanoTime();
        active = true;
    }

    /**
     * Called about once a second by whoever watches: adapts the sample to {@code perSecond}, the output's current
     * rate, and turns the tap off when nobody asked for it for ten seconds.
     */
    public void tick(double perSecond) {
        if (active && System.nanoTime() - watchedAt > WATCH_NANOS) {
            active = false;
        }
        long every = Long.highestOneBit(Math.max(1, (long) (perSecond / TARGET_PER_SECOND)));
        sampleMask = every - 1;
    }

    /** Whether it is sampling now. */
    public boolean active() {
        return active;
    }

    /** The records kept, oldest first. */
    public List<Sample> recent() {
        return recent.snapshot();
    }
}
