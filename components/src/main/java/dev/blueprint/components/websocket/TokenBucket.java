package dev.blueprint.components.websocket;

/**
 * A token bucket's state: how many tokens it held when it was last refilled, and when. Mutable and not
 * thread-safe: each belongs to one connection and is touched only by that connection's I/O thread.
 */
final class TokenBucket {
    private double tokens;
    private long refilledNanos;

    /** Fills it to {@code burst}. */
    void fill(double burst, long nowNanos) {
        tokens = burst;
        refilledNanos = nowNanos;
    }

    /** Refills it at {@code perSecond} up to {@code burst}, then takes one token; false when there was none. */
    boolean take(double perSecond, double burst, long nowNanos) {
        double t = Math.min(burst, tokens + (nowNanos - refilledNanos) * perSecond / 1e9);
        refilledNanos = nowNanos;
        if (t < 1) {
            tokens = t;
            return false;
        }
        tokens = t - 1;
        return true;
    }
}
