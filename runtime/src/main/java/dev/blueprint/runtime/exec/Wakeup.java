package dev.blueprint.runtime.exec;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Lets a consumer reading several queues sleep until any of them gets a record. Producers pay one
 * volatile read per record while the consumer is busy.
 */
final class Wakeup {
    private volatile Thread waiter;

    /** Called by producers after queuing a record or closing a queue. */
    void signal() {
        Thread t = waiter;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Called by the consumer after it found every queue empty; it must re-check them after arming. */
    void arm() {
        waiter = Thread.currentThread();
    }

    /** Sleeps until signalled or {@code nanos} pass, then disarms. */
    void await(long nanos) throws InterruptedException {
        LockSupport.parkNanos(this, nanos);
        waiter = null;
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    void disarm() {
        waiter = null;
    }

    static long millis(long ms) {
        return TimeUnit.MILLISECONDS.toNanos(ms);
    }
}
