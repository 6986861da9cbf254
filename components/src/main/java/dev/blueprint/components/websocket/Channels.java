package dev.blueprint.components.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The WebSocket component's channels: who is subscribed to which, each channel's offsets and history, and
 * recovery. Everything here runs under the {@link BroadcastHub}'s lock, the same lock every send takes: a
 * subscription that recovers is sent what it missed and joins the live subscribers in one step, so no record falls
 * between the two and none is sent twice.
 */
final class Channels {
    /** Channels one connection may be subscribed to at once. */
    static final int MAX_PER_CONNECTION = 100;
    /** Longest channel name. */
    static final int MAX_NAME = 200;

    /** A subscription asked for: with {@code since} and {@code epoch} to recover from, or null for live only. */
    record Request(String channel, Long since, String epoch) {
    }

    /** What a record published on a channel became. */
    record Published(long offset, String epoch, Delivery delivery) {
    }

    /**
     * What a subscription did.
     *
     * @param reply what the client is told (subscribed, recover_failed or error)
     * @param subscribed whether the connection is now subscribed
     * @param recovered records sent from history
     */
    record Subscribed(ObjectNode reply, boolean subscribed, int recovered) {
    }

    private final BroadcastHub hub;
    private final ChannelFrames frames;
    private final WebSocketMetrics metrics;
    private final HistoryConfig history;
    private final Map<String, ChannelState> channels = new HashMap<>();
    private final Map<Connection, Set<String>> byConnection = new HashMap<>();
    /** With a cluster: offsets, epochs and history in Redis; null for one instance alone. */
    private ClusterHistory shared;
    private java.util.function.BiConsumer<Connection, Subscribed> onSharedSubscription = (c, s) -> { };

    /**
     * @param history what each channel keeps; null keeps offsets only (a recovery then succeeds only when nothing was missed)
     * @param envelope whether clients get {"channel","offset","epoch","data"} rather than the record alone
     */
    Channels(BroadcastHub hub, ObjectMapper json, WebSocketMetrics metrics, HistoryConfig history, boolean envelope) {
        this.hub = hub;
        this.frames = new ChannelFrames(json, envelope);
        this.metrics = metrics;
        this.history = history;
    }

    /**
     * Keeps offsets, epochs and history in Redis for a cluster: records are then delivered by
     * {@link #deliverShared} as every instance receives them, and subscriptions read their recovery from Redis.
     * {@code onSubscribed} hears of each subscription once it is made (on a Redis thread).
     */
    void shareThrough(ClusterHistory history, java.util.function.BiConsumer<Connection, Subscribed> onSubscribed) {
        this.shared = history;
        this.onSharedSubscription = onSubscribed;
    }

    /** Whether offsets and history live in Redis (a cluster). */
    boolean shared() {
        return shared != null;
    }

    /** Why {@code name} cannot be a channel, or empty when it can. */
    static Optional<String> invalidName(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("a channel name must be a non-empty string");
        }
        if (name.length() > MAX_NAME) {
            return Optional.of("a channel name is at most " + MAX_NAME + " characters");
        }
        return Optional.empty();
    }

    /** Sends a record to the subscribers of {@code channel}, giving it the channel's next offset and keeping it. */
    Published publish(String channel, JsonNode payload, String text, boolean binary) {
        synchronized (hub) {
            ChannelState ch = channel(channel);
            long offset = ch.history.top() + 1;
            String frame = frames.of(channel, offset, ch.history.epoch(), payload, text, binary);
            boolean frameBinary = frames.binary(binary);
            ch.history.append(frame, frameBinary, System.nanoTime());
            Delivery d = deliver(channel, ch, offset, frame, frameBinary);
            forgetIfIdle(channel, ch);
            return new Published(offset, ch.history.epoch(), d);
        }
    }

    /**
     * Delivers a record a cluster gave its offset and epoch in Redis, as this instance receives it from the cluster's
     * pub/sub channel (in offset order).
     */
    Delivery deliverShared(String channel, long offset, String epoch, String text, boolean binary) {
        synchronized (hub) {
            ChannelState ch = channel(channel);
            ch.history.follow(offset, epoch);
            String frame = frames.of(channel, offset, epoch, text, binary);
            Delivery d = deliver(channel, ch, offset, frame, frames.binary(binary));
            forgetIfIdle(channel, ch);
            return d;
        }
    }

    /** Sends a channel's record to its subscribers; those recovering from Redis get it once their recovery is sent. */
    private Delivery deliver(String channel, ChannelState ch, long offset, String frame, boolean binary) {
        java.util.Collection<Connection> to = ch.subscribers;
        if (!ch.recovering.isEmpty() || !ch.floors.isEmpty()) {
            List<Connection> live = new java.util.ArrayList<>(ch.subscribers.size());
            for (Connection c : ch.subscribers) {
                List<ChannelState.Held> held = ch.recovering.get(c);
                Long floor = ch.floors.get(c);
                if (held != null) {
                    held.add(new ChannelState.Held(offset, frame, binary));
                } else if (floor != null && offset <= floor) {
                    continue; // already sent with its recovery
                } else {
                    ch.floors.remove(c);
                    live.add(c);
                }
            }
            to = live;
        }
        Delivery d = hub.broadcast(frame, binary, to);
        if (d.broadcastTo() > 0) {
            metrics.channelSent(channel, d.broadcastTo());
        }
        return d;
    }

    /**
     * Subscribes {@code c} to a channel. With {@code since} and {@code epoch}, it is first sent every record after
     * {@code since}, in order; when those are no longer all kept (or the epoch is another), it is told
     * {@code recover_failed} instead, and subscribed from now on all the same. The answer ({@code subscribed}, with
     * {@code recovered} for a recovery) is sent to it before anything else when {@code reply} is true or it asked to
     * recover; an error always is.
     */
    Subscribed subscribe(Connection c, Request r, boolean reply) {
        synchronized (hub) {
            Optional<String> bad = invalidName(r.channel());
            Set<String> mine = byConnection.computeIfAbsent(c, k -> new HashSet<>());
            if (bad.isEmpty() && !mine.contains(r.channel()) && mine.size() >= MAX_PER_CONNECTION) {
                bad = Optional.of("at most " + MAX_PER_CONNECTION + " channels per connection: unsubscribe from one first");
            }
            if (bad.isPresent()) {
                forgetIfNone(c, mine);
                ObjectNode error = frames.answer().put("type", "error").put("code", "bad_subscription").put("error", bad.get());
                error.put("channel", r.channel());
                hub.broadcast(frames.write(error), false, List.of(c));
                return new Subscribed(error, false, 0);
            }
            ChannelState ch = channel(r.channel());
            if (shared != null) {
                return subscribeShared(c, r, reply, ch, mine);
            }
            List<ChannelHistory.Entry> missed = List.of();
            ObjectNode answer = frames.answer();
            if (r.since() != null) {
                Optional<List<ChannelHistory.Entry>> found = ch.history.after(r.since(), r.epoch(), System.nanoTime());
                if (found.isEmpty()) {
                    answer.put("type", "recover_failed");
                } else {
                    missed = found.get();
                }
            }
            if (!answer.has("type")) {
                answer.put("type", "subscribed");
            }
            answer.put("channel", r.channel()).put("offset", ch.history.top()).put("epoch", ch.history.epoch());
            if (r.since() != null && !answer.path("type").asText().equals("recover_failed")) {
                answer.put("recovered", missed.size());
            }
            if (reply || r.since() != null) { // a recovery is always told how it went
                hub.broadcast(frames.write(answer), false, List.of(c));
            }
            for (ChannelHistory.Entry e : missed) {
                hub.broadcast(e.payload(), e.binary(), List.of(c));
            }
            ch.subscribers.add(c);
            mine.add(r.channel());
            return new Subscribed(answer, true, missed.size());
        }
    }

    /**
     * A subscription in a cluster: the connection joins the subscribers at once, holding live records, while its
     * epoch, offset and recovery are read from Redis; then, under the lock again, it is sent its answer, what it
     * missed, and the live records held that came after, each once.
     */
    private Subscribed subscribeShared(Connection c, Request r, boolean reply, ChannelState ch, Set<String> mine) {
        ch.subscribers.add(c);
        mine.add(r.channel());
        ch.recovering.put(c, new java.util.ArrayList<>());
        ch.floors.remove(c);
        shared.read(r.channel(), r.since() == null ? -1 : r.since()).whenComplete((snapshot, error) -> {
            Subscribed done = finishShared(c, r, reply, snapshot, error);
            onSharedSubscription.accept(c, done);
        });
        return new Subscribed(frames.answer().put("type", "subscribing").put("channel", r.channel()), true, 0);
    }

    private Subscribed finishShared(Connection c, Request r, boolean reply, ClusterHistory.Snapshot snapshot, Throwable error) {
        synchronized (hub) {
            ChannelState ch = channels.get(r.channel());
            List<ChannelState.Held> held = ch == null ? null : ch.recovering.remove(c);
            if (held == null) {
                return new Subscribed(frames.answer(), false, 0); // unsubscribed or closed meanwhile
            }
            ObjectNode answer = frames.answer();
            List<ChannelHistory.Entry> missed = List.of();
            long upTo;
            if (error != null) {
                // Redis away: subscribed from now on, told that nothing could be recovered
                answer.put("type", r.since() != null ? "recover_failed" : "subscribed").put("channel", r.channel())
                        .put("offset", ch.history.top()).put("epoch", ch.history.epoch());
                upTo = -1;
            } else {
                upTo = snapshot.top();
                boolean ok = r.since() == null || recoverable(r, snapshot);
                if (ok && r.since() != null) {
                    missed = snapshot.entries();
                }
                answer.put("type", ok ? "subscribed" : "recover_failed").put("channel", r.channel())
                        .put("offset", snapshot.top()).put("epoch", snapshot.epoch());
                if (ok && r.since() != null) {
                    answer.put("recovered", missed.size());
                }
            }
            if (reply || r.since() != null) { // a recovery is always told how it went
                hub.broadcast(frames.write(answer), false, List.of(c));
            }
            String epoch = answer.path("epoch").asText();
            for (ChannelHistory.Entry e : missed) {
                hub.broadcast(frames.of(r.channel(), e.offset(), epoch, e.payload(), e.binary()), frames.binary(e.binary()), List.of(c));
            }
            for (ChannelState.Held h : held) {
                if (h.offset() > upTo) {
                    hub.broadcast(h.frame(), h.binary(), List.of(c));
                    upTo = h.offset();
                }
            }
            if (upTo >= 0) {
                ch.floors.put(c, upTo);
            }
            return new Subscribed(answer, true, missed.size());
        }
    }

    private static boolean recoverable(Request r, ClusterHistory.Snapshot s) {
        if (!s.epoch().equals(r.epoch()) || r.since() > s.top()) {
            return false;
        }
        if (r.since() == s.top()) {
            return true;
        }
        return !s.entries().isEmpty() && s.entries().get(0).offset() == r.since() + 1
                && s.entries().get(s.entries().size() - 1).offset() == s.top();
    }

    /** Ends {@code c}'s subscription; returns whether it had one. */
    boolean unsubscribe(Connection c, String channel) {
        synchronized (hub) {
            Set<String> mine = byConnection.get(c);
            if (mine == null || !mine.remove(channel)) {
                return false;
            }
            forgetIfNone(c, mine);
            leave(c, channel);
            return true;
        }
    }

    /** Takes {@code c} out of a channel's subscribers, and the channel out of the map if that leaves it idle. */
    private void leave(Connection c, String name) {
        ChannelState ch = channels.get(name);
        if (ch != null) {
            ch.subscribers.remove(c);
            ch.recovering.remove(c);
            ch.floors.remove(c);
            forgetIfIdle(name, ch);
        }
    }

    /** Ends every subscription of a connection that closed. */
    void closed(Connection c) {
        synchronized (hub) {
            Set<String> mine = byConnection.remove(c);
            if (mine != null) {
                for (String name : mine) {
                    leave(c, name);
                }
            }
        }
    }

    /** Each channel with its subscriber count (presence), by name. */
    Map<String, Integer> presence() {
        synchronized (hub) {
            Map<String, Integer> counts = new TreeMap<>();
            channels.forEach((name, ch) -> counts.put(name, ch.subscribers.size()));
            return counts;
        }
    }

    private ChannelState channel(String name) {
        // in a cluster the history is Redis's: locally only the offset and epoch last seen
        return channels.computeIfAbsent(name, k -> new ChannelState(history == null || shared != null
                ? new ChannelHistory(0, Long.MAX_VALUE) : new ChannelHistory(history.size(), history.ttl().toNanos())));
    }

    /**
     * Without history a channel nobody listens to holds nothing worth keeping: it goes, and its offsets start again
     * in a new epoch. With history it stays, so that its records can still be recovered.
     */
    private void forgetIfIdle(String name, ChannelState ch) {
        if ((history == null || shared != null) && ch.subscribers.isEmpty()) {
            channels.remove(name);
        }
    }

    private void forgetIfNone(Connection c, Set<String> mine) {
        if (mine.isEmpty()) {
            byConnection.remove(c);
        }
    }
}
