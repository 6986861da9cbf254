package dev.blueprint.components.broker;

/**
 * The end of a push source, whose messages arrive on its client's thread while {@code run()} only waits: it
 * ends after {@code count} messages (none when unbounded) or when stopped, whichever comes first.
 */
public final class MessageLimit {
    private final long limit;
    private long received;
    /** Messages admitted and still being emitted: {@code run()} returns (and the outputs close) only after them. */
    private int emitting;
    private boolean done;

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
        long n;
        synchronized (this) {
            if (done || received >= limit) {
                return;
            }
            n = ++received;
            emitting++;
        }
        try {
            emit.run();
        } finally {
            synchronized (this) {
                emitting--;
                if (n == limit) {
                    done = true;
                }
                notifyAll();
            }
        }
    }

    /**
     * What {@code run()} does: waits until the limit is reached or {@link #stop()} is called, and then until the
     * messages admitted before are emitted: one emitted onto an output the runtime already closed would be
     * discarded, and acknowledged to its broker as if handled.
     */
    public synchronized void await() throws InterruptedException {
        while (!done || emitting > 0) {
            wait();
        }
    }

    /** Ends the source's {@code run()}; later messages are not admitted. */
    public synchronized void stop() {
        done = true;
        notifyAll();
    }
}
