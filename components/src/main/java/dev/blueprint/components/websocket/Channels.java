package dev.blueprint.components.websocket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
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
        boolean failedRecovery() {
            return "recover_failed".equals(reply.path("type").asText());
        }
    }

    private static final class Channel {
        final ChannelHistory history;
        final Set<Connection> subscribers = new LinkedHashSet<>();

        Channel(ChannelHistory history) {
            this.history = history;
        }
    }

    private final BroadcastHub hub;
    private final ObjectMapper json;
    private final WebSocketMetrics metrics;
    private final HistoryConfig history;
    private final boolean envelope;
    private final Map<String, Channel> channels = new HashMap<>();
    private final Map<Connection, Set<String>> byConnection = new HashMap<>();

    /**
     * @param history what each channel keeps; null keeps offsets only (a recovery then succeeds only when nothing was missed)
     * @param envelope whether clients get {"channel","offset","epoch","data"} rather than the record alone
     */
    Channels(BroadcastHub hub, ObjectMapper json, WebSocketMetrics metrics, HistoryConfig history, boolean envelope) {
        this.hub = hub;
        this.json = json;
        this.metrics = metrics;
        this.history = history;
        this.envelope = envelope;
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
            Channel ch = channel(channel);
            long offset = ch.history.top() + 1;
            String frame = text;
            boolean frameBinary = binary;
            if (envelope) {
                ObjectNode e = json.createObjectNode();
                e.put("channel", channel).put("offset", offset).put("epoch", ch.history.epoch());
                if (binary) {
                    e.put("data", text).put("binary", true);
                } else {
                    e.set("data", payload);
                }
                frame = write(e);
                frameBinary = false;
            }
            ch.history.append(frame, frameBinary, System.nanoTime());
            Delivery d = hub.broadcast(frame, frameBinary, ch.subscribers);
            if (d.broadcastTo() > 0) {
                metrics.channelSent(channel, d.broadcastTo());
            }
            forgetIfIdle(channel, ch);
            return new Published(offset, ch.history.epoch(), d);
        }
    }

    /**
     * Subscribes {@code c} to a channel. With {@code since} and {@code epoch}, it is first sent every record after
     * {@code since}, in order; when those are no longer all kept (or the epoch is another), it is told
     * {@code recover_failed} instead, and subscribed from now on all the same. {@code reply} is sent to it before
     * anything else when true; else only a failed recovery or an error is.
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
                ObjectNode error = json.createObjectNode().put("type", "error").put("code", "bad_subscription").put("error", bad.get());
                error.put("channel", r.channel());
                hub.broadcast(write(error), false, List.of(c));
                return new Subscribed(error, false, 0);
            }
            Channel ch = channel(r.channel());
            List<ChannelHistory.Entry> missed = List.of();
            ObjectNode answer = json.createObjectNode();
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
            if (r.since() != null && missed != null && !answer.path("type").asText().equals("recover_failed")) {
                answer.put("recovered", missed.size());
            }
            if (reply || answer.path("type").asText().equals("recover_failed")) {
                hub.broadcast(write(answer), false, List.of(c));
            }
            for (ChannelHistory.Entry e : missed) {
                hub.broadcast(e.payload(), e.binary(), List.of(c));
            }
            ch.subscribers.add(c);
            mine.add(r.channel());
            return new Subscribed(answer, true, missed.size());
        }
    }

    /** Ends {@code c}'s subscription; returns whether it had one. */
    boolean unsubscribe(Connection c, String channel) {
        synchronized (hub) {
            Set<String> mine = byConnection.get(c);
            if (mine == null || !mine.remove(channel)) {
                return false;
            }
            forgetIfNone(c, mine);
            Channel ch = channels.get(channel);
            if (ch != null) {
                ch.subscribers.remove(c);
                forgetIfIdle(channel, ch);
            }
            return true;
        }
    }

    /** Ends every subscription of a connection that closed. */
    void closed(Connection c) {
        synchronized (hub) {
            Set<String> mine = byConnection.remove(c);
            if (mine != null) {
                for (String name : mine) {
                    Channel ch = channels.get(name);
                    if (ch != null) {
                        ch.subscribers.remove(c);
                        forgetIfIdle(name, ch);
                    }
                }
            }
        }
    }

    /** The channels a connection is subscribed to. */
    Set<String> of(Connection c) {
        synchronized (hub) {
            Set<String> mine = byConnection.get(c);
            return mine == null ? Set.of() : Set.copyOf(mine);
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

    private Channel channel(String name) {
        return channels.computeIfAbsent(name, k -> new Channel(history == null
                ? new ChannelHistory(0, Long.MAX_VALUE) : new ChannelHistory(history.size(), history.ttl().toNanos())));
    }

    /**
     * Without history a channel nobody listens to holds nothing worth keeping: it goes, and its offsets start again
     * in a new epoch. With history it stays, so that its records can still be recovered.
     */
    private void forgetIfIdle(String name, Channel ch) {
        if (history == null && ch.subscribers.isEmpty()) {
            channels.remove(name);
        }
    }

    private void forgetIfNone(Connection c, Set<String> mine) {
        if (mine.isEmpty()) {
            byConnection.remove(c);
        }
    }

    private String write(ObjectNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
