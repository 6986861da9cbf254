package dev.blueprint.components.broker;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The end of a push source, whose messages arrive on its client's thread while {@code run()} only waits: it
 * ends after {@code count} messages (none when unbounded) or when stopped, whichever comes first.
 */
public final class MessageLimit {
    private final long limit;
    private final AtomicLong received = new AtomicLong();
    private final CountDownLatch done = new CountDownLatch(1);

    /** @param count messages before the source ends; null for no limit */
    public MessageLimit(Long count) {
        this.limit = count == null ? Long.MAX_VALUE : count;
    }

    /**
     * Counts one arriving message and runs {@code emit} for it, unless it comes past the limit or after the stop:
     * then it is left alone (not emitted, not acknowledged: the broker gives it to the next run). The limit is
     * marked reached only after the last message was emitted, so that {@code run()} does not return before it.
     */
    public void offer(Runnable emit) {
        long n = received.incrementAndGet();
        if (n > limit || done.getCount() == 0) {
            return;
        }
        emit.run();
        if (n == limit) {
            done.countDown();
        }
    }

    /** What {@code run()} does: waits until the limit is reached or {@link #stop()} is called. */
    public void await() throws InterruptedException {
        done.await();
    }

    /** Ends the source's {@code run()}; later messages are not admitted. */
    public void stop() {
        done.countDown();
    }
}
