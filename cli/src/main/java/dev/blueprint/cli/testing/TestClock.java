package dev.blueprint.cli.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The clock of a test with a {@code time:} section: it reads the time of the input record being fed, and once the
 * last feed is done, the section's watermark. Thread-safe.
 */
final class TestClock extends Clock {
    private final TimeControl time;
    private final AtomicLong millis;
    private final AtomicLong fed = new AtomicLong();
    private final AtomicInteger feedsLeft;

    TestClock(TimeControl time, int feeds) {
        this.time = time;
        this.millis = new AtomicLong(time.start().toEpochMilli());
        this.feedsLeft = new AtomicInteger(feeds);
        if (feeds == 0 && time.watermark() != null) {
            millis.set(time.watermark().toEpochMilli());
        }
    }

    /** The time of the next record fed, which the clock now reads. */
    long next() {
        long t = time.millisOf(fed.getAndIncrement());
        millis.accumulateAndGet(t, Math::max);
        return t;
    }

    /** A feed has fed its last record; after the last one the clock reads the watermark (before its output ends). */
    void feedDone() {
        if (feedsLeft.decrementAndGet() == 0 && time.watermark() != null) {
            millis.set(time.watermark().toEpochMilli());
        }
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }
}
