package dev.blueprint.components.websocket;

/**
 * A token bucket per connection for what clients send ({@code max_message_rate}): one client flooding
 * requests would otherwise take the pipeline's whole {@code messages} capacity from the others. The
 * bucket holds one second's worth of messages. When the component answers messages over the rate
 * ({@code rate_limited} bound) rather than closing, refusals draw from a second bucket of the same rate
 * holding ten seconds' worth: a burst is answered, a client that keeps flooding runs it dry and is closed.
 * Both are only touched by the connection's own I/O thread.
 */
final class MessageRateLimit {
    /** Refusals a client may run up, in seconds of its rate, before it is closed. */
    static final int REFUSAL_SECONDS = 10;
    private final double perSecond;
    private final double burst;
    private final double refusalBurst;

    /** @param perSecond messages per second allowed per connection; 0 turns the limit off */
    MessageRateLimit(double perSecond) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, perSecond);
        this.refusalBurst = Math.max(10, REFUSAL_SECONDS * perSecond);
    }

    boolean enabled() {
        return perSecond > 0;
    }

    /** Fills the buckets of a new connection. */
    void open(Connection c) {
        long now = System.nanoTime();
        c.rate.fill(burst, now);
        c.refusals.fill(refusalBurst, now);
    }

    /** Takes one refusal's token; false when the client has run up more refusals than it may: close it. */
    boolean refuse(Connection c) {
        return c.refusals.take(perSecond, refusalBurst, System.nanoTime());
    }

    /** Takes one message's token; false when the connection is over its rate. */
    boolean admit(Connection c) {
        return perSecond <= 0 || c.rate.take(perSecond, burst, System.nanoTime());
    }
}
