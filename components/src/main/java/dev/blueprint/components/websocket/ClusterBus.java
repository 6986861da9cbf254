package dev.blueprint.components.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.components.redis.RedisLink;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the instances that run one blueprint broadcast as one server, through a Redis pub/sub channel.
 *
 * <p>An instance delivers an input record to its own clients, then publishes it as
 * {@code {"i": instance, "s": session or absent, "t": text}} ({@code "b": true} when t is the base64 of a binary
 * message); every other instance delivers it to its
 * own clients (the session's connections, or all), and the sender skips its own message when Redis echoes
 * it back, so each client gets each record once. Records for one connection stay local: connection ids
 * are per instance. Publishing never waits for Redis: while it is away Lettuce holds the messages (up to
 * its limit) and the local clients are served as usual.
 *
 * <p>Remote deliveries run on Lettuce's thread and go through the {@link BroadcastHub} like local ones (it
 * serialises sends), so the slow-consumer budget applies to them too. Without a cluster the component
 * calls the hub directly and pays nothing for this class.
 */
final class ClusterBus implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterBus.class);

    private final String name;
    private final String channel;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private final BroadcastHub hub;
    private final ConnectionRegistry registry;
    /** The component's channels, or null with channels off. */
    private final Channels channels;
    private final ObjectMapper json;
    private final RedisLink link;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong publishFailed = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private RedisAsyncCommands<String, String> redis;
    /** Channel offsets and history in Redis; null with channels off. */
    private ClusterHistory history;
    /** This instance's channel records on their way through Redis, by publish id: done when its echo is delivered. */
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.CompletableFuture<Delivery>> pending =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong publishIds = new AtomicLong();

    private final HistoryConfig historyConfig;

    private ClusterBus(ComponentContext context, ClusterConfig config, BroadcastHub hub, ConnectionRegistry registry, Channels channels,
            HistoryConfig historyConfig) {
        this.name = context.name();
        this.channel = config.channel() != null ? config.channel() : "blueprint:" + context.systemName() + ":" + context.name();
        this.hub = hub;
        this.registry = registry;
        this.channels = channels;
        this.historyConfig = historyConfig;
        this.json = context.json();
        this.link = RedisLink.create(context.name(), config.redisUrl());
    }

    /** Connects, subscribes to the channel and registers the link as a readiness check. */
    static ClusterBus start(ComponentContext context, ClusterConfig config, BroadcastHub hub, ConnectionRegistry registry,
            Channels channels, HistoryConfig history) throws Exception {
        ClusterBus bus = new ClusterBus(context, config, hub, registry, channels, history);
        try {
            bus.connect(context);
        } catch (Exception e) {
            bus.link.close();
            throw e;
        }
        return bus;
    }

    private void connect(ComponentContext context) throws Exception {
        redis = link.connect().async();
        StatefulRedisPubSubConnection<String, String> sub = link.connectPubSub();
        sub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String ch, String message) {
                onMessage(message);
            }
        });
        sub.async().subscribe(channel).get(30, TimeUnit.SECONDS);
        if (channels != null) {
            history = new ClusterHistory(redis, channel, instance, historyConfig);
        }
        link.registerReadiness(context);
        log.info("{} - cluster: instance {} shares broadcasts on channel {} at {}", name, instance, channel, link.display());
    }

    /** Delivers to this instance's clients and publishes for the others. Called on the component's thread. */
    Delivery broadcast(String text, boolean binary, Target target) throws IOException {
        Delivery local = hub.broadcast(text, binary, target.in(registry));
        share(text, binary, target);
        return local;
    }

    /** Publishes for the other instances what this one delivered itself. */
    private void share(String text, boolean binary, Target target) throws IOException {
        if (target.connection() == null) {
            ObjectNode envelope = json.createObjectNode();
            envelope.put("i", instance);
            if (target.session() != null) {
                envelope.put("s", target.session());
            }
            envelope.put("t", text);
            if (binary) {
                envelope.put("b", true); // t is the base64 of a binary message
            }
            redis.publish(channel, json.writeValueAsString(envelope)).whenComplete((receivers, error) -> {
                if (error == null) {
                    published.incrementAndGet();
                } else if (publishFailed.incrementAndGet() == 1) {
                    log.warn("{} - cluster: publishing to {} failed: {} (counted; local clients are still served)", name, channel,
                            error.toString());
                }
            });
        }
    }

    /** The Redis side of channel offsets and history, for the {@link Channels}; null with channels off. */
    ClusterHistory history() {
        return history;
    }

    /**
     * Publishes a channel's record through Redis, which gives it the channel's next offset, and waits until this
     * instance has delivered it to its own subscribers (as every instance does, in offset order, when the record comes
     * back on the pub/sub channel). Called on the component's thread.
     *
     * @return the record's offset and epoch, and what this instance delivered; empty when Redis could not take it
     */
    java.util.Optional<Channels.Published> publishOnChannel(String ch, String text, boolean binary) throws InterruptedException {
        String id = Long.toString(publishIds.incrementAndGet());
        java.util.concurrent.CompletableFuture<Delivery> delivered = new java.util.concurrent.CompletableFuture<>();
        pending.put(id, delivered);
        try {
            ClusterHistory.Stamped stamp = history.publish(ch, id, text, binary).get(10, TimeUnit.SECONDS);
            published.incrementAndGet();
            Delivery d = delivered.get(10, TimeUnit.SECONDS);
            return java.util.Optional.of(new Channels.Published(stamp.offset(), stamp.epoch(), d));
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            if (publishFailed.incrementAndGet() == 1) {
                log.warn("{} - cluster: a channel record could not go through Redis at {} ({}); delivering channel records on this "
                        + "instance alone, with offsets of its own, until it can (counted)", name, link.display(), e.toString());
            }
            return java.util.Optional.empty();
        } finally {
            pending.remove(id);
        }
    }

    /** A message from the channel: another instance's broadcast, or this one's own echo (skipped). */
    private void onMessage(String message) {
        JsonNode envelope;
        try {
            envelope = json.readTree(message);
        } catch (IOException e) {
            log.warn("{} - cluster: ignoring a message on {} that is not a broadcast envelope: {}", name, channel, e.getMessage());
            return;
        }
        if (envelope.isObject() && envelope.has("o") && channels != null && envelope.path("t").isTextual()) {
            // a channel record with its offset from Redis: every instance delivers it, the publisher too
            Delivery d = channels.deliverShared(envelope.path("c").asText(), envelope.path("o").asLong(), envelope.path("e").asText(),
                    envelope.get("t").textValue(), envelope.path("b").asBoolean(false));
            if (instance.equals(envelope.path("i").asText())) {
                java.util.concurrent.CompletableFuture<Delivery> mine = pending.get(envelope.path("q").asText());
                if (mine != null) {
                    mine.complete(d);
                }
            } else {
                received.incrementAndGet();
            }
            return;
        }
        if (!envelope.isObject() || instance.equals(envelope.path("i").asText()) || !envelope.path("t").isTextual()) {
            return;
        }
        JsonNode session = envelope.get("s");
        String text = envelope.get("t").textValue();
        boolean binary = envelope.path("b").asBoolean(false);
        received.incrementAndGet();
        Target target = session == null || session.isNull() ? Target.ALL : Target.session(session.asText());
        hub.broadcast(text, binary, target.in(registry));
    }

    /** The id that tags this instance's messages. */
    String instance() {
        return instance;
    }

    @Override
    public void close() {
        log.info("{} - cluster: published {} broadcasts ({} failed), delivered {} from other instances", name, published.get(),
                publishFailed.get(), received.get());
        link.close();
    }
}
