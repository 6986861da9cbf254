package dev.blueprint.components.websocket;

/**
 * A token bucket per connection for what clients send ({@code max_message_rate}): one client flooding
 * requests would otherwise take the pipeline's whole {@code messages} capacity from the others. The
 * bucket holds one second's worth of messages. It is only touched by the connection's own I/O thread.
 */
final class MessageRateLimit {
    private final double perSecond;
    private final double burst;

    /** @param perSecond messages per second allowed per connection; 0 turns the limit off */
    MessageRateLimit(double perSecond) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, perSecond);
    }

    boolean enabled() {
        return perSecond > 0;
    }

    /** Fills the bucket of a new connection. */
    void open(Connection c) {
        c.rateTokens = burst;
        c.rateRefilledNanos = System.nanoTime();
    }

    /** Takes one message's token; false when the connection is over its rate. */
    boolean admit(Connection c) {
        if (perSecond <= 0) {
            return true;
        }
        long now = System.nanoTime();
        double tokens = Math.min(burst, c.rateTokens + (now - c.rateRefilledNanos) * perSecond / 1e9);
        c.rateRefilledNanos = now;
        if (tokens < 1) {
            c.rateTokens = tokens;
            return false;
        }
        c.rateTokens = tokens - 1;
        return true;
    }
}
