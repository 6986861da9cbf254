package dev.blueprint.components.websocket;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One channel's offsets and the last records sent on it. Every record gets the next offset (1, 2, ...); the epoch
 * names this run of offsets and changes whenever the history behind them is lost (a restart), so that a client's
 * {@code since} is only trusted within the epoch it came from. Not thread-safe: the {@link Channels} call it under
 * the broadcast lock, which is what makes a recovery seamless.
 */
final class ChannelHistory {
    /** A record as it was sent: the frame's text (or base64 bytes) and when. */
    record Entry(long offset, long atNanos, String payload, boolean binary) {
    }

    private String epoch = UUID.randomUUID().toString().substring(0, 8);
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final int size;
    private final long ttlNanos;
    private long top;

    /** A history keeping {@code size} records for {@code ttlNanos}; size 0 keeps offsets only. */
    ChannelHistory(int size, long ttlNanos) {
        this.size = size;
        this.ttlNanos = ttlNanos;
    }

    String epoch() {
        return epoch;
    }

    /** The offset of the last record sent, 0 before the first. */
    long top() {
        return top;
    }

    /**
     * Follows offsets given elsewhere (a cluster's, in Redis): the channel is now at {@code offset} in {@code epoch}.
     * Keeps nothing: the history is Redis's.
     */
    void follow(long offset, String epoch) {
        this.top = offset;
        this.epoch = epoch;
    }

    /** Gives the next record its offset and keeps it. */
    long append(String payload, boolean binary, long nowNanos) {
        top++;
        if (size > 0) {
            entries.addLast(new Entry(top, nowNanos, payload, binary));
            while (entries.size() > size) {
                entries.removeFirst();
            }
        }
        return top;
    }

    /**
     * Every record after {@code since}, in order; empty when some of them are no longer kept (beyond size or ttl),
     * when {@code since} is ahead of the channel, or when {@code epoch} is not this history's.
     */
    Optional<List<Entry>> after(long since, String epoch, long nowNanos) {
        expire(nowNanos);
        if (!this.epoch.equals(epoch) || since > top || since < 0) {
            return Optional.empty();
        }
        if (since == top) {
            return Optional.of(List.of());
        }
        Entry first = entries.peekFirst();
        if (first == null || first.offset() > since + 1) {
            return Optional.empty(); // a gap: the records right after since are gone
        }
        List<Entry> missed = new ArrayList<>((int) (top - since));
        for (Entry e : entries) {
            if (e.offset() > since) {
                missed.add(e);
            }
        }
        return Optional.of(missed);
    }

    private void expire(long nowNanos) {
        Iterator<Entry> it = entries.iterator();
        while (it.hasNext() && nowNanos - it.next().atNanos() > ttlNanos) {
            it.remove();
        }
    }
}
