package dev.blueprint.transport;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The request-body bytes all connections of one server may hold at once, admitted requests only. A request
 * reserves its declared length when its headers are admitted (a chunked one, chunk by chunk) and gives it
 * back once answered or when its connection closes; a reservation beyond the budget is refused (503).
 */
final class BodyBudget {
    private final long limit;
    private final AtomicLong held = new AtomicLong();

    BodyBudget(long limit) {
        this.limit = limit;
    }

    long limit() {
        return limit;
    }

    /** Bytes reserved now, across every connection. */
    long held() {
        return held.get();
    }

    boolean tryReserve(long bytes) {
        long now;
        do {
            now = held.get();
            if (now + bytes > limit) {
                return false;
            }
        } while (!held.compareAndSet(now, now + bytes));
        return true;
    }

    void release(long bytes) {
        held.addAndGet(-bytes);
    }
}
