package dev.blueprint.components.websocket;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

/**
 * Counters of one WebSocket component, registered in the run's metrics registry. The hot paths add to
 * {@link LongAdder}s; the registry reads them when scraped (function counters), so a broadcast pays no more
 * than before. Counters by reason appear when the first of their reason happens.
 */
final class WebSocketMetrics {
    static final int MAX_CHANNEL_LABELS = 1000;
    private static final Duration[] BROADCAST_BUCKETS = {Duration.ofNanos(10_000), Duration.ofNanos(50_000), Duration.ofNanos(100_000),
            Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)};

    final LongAdder accepted = new LongAdder();
    final LongAdder messagesSent = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder messagesReceived = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final LongAdder broadcasts = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> closes = new ConcurrentHashMap<>();
    /** Messages handed to a channel's subscribers, by channel; see {@link #channelSent}. */
    private final Map<String, LongAdder> channelMessages = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;
    private volatile String component;
    private volatile Timer broadcastLatency;

    /**
     * Registers every meter in {@code registry}, tagged with the component's name; called once from start, before
     * any connection is accepted.
     */
    <T> void bind(MeterRegistry registry, String component, T server, ToIntFunction<T> connections, LongSupplier acceptFailures,
            LongSupplier bufferedBodyBytes) {
        this.component = component;
        Gauge.builder("websocket.connections.active", server, s -> connections.applyAsInt(s))
                .description("Open WebSocket connections.").tag("component", component).register(registry);
        counter(registry, "websocket.connections", "WebSocket connections accepted since start (seed 000's websocket_connections_total).",
                accepted);
        counter(registry, "websocket.messages.sent", "Frames handed to clients (one per client per record).", messagesSent);
        counter(registry, "websocket.bytes.sent", "Bytes of frames handed to clients (before compression).", bytesSent);
        counter(registry, "websocket.messages.received", "Messages received from clients.", messagesReceived);
        counter(registry, "websocket.bytes.received", "Payload bytes received from clients.", bytesReceived);
        counter(registry, "websocket.broadcasts", "Messages broadcast: input records, and sends and broadcasts of the connection operations.",
                broadcasts);
        FunctionCounter.builder("websocket.accept.errors", acceptFailures, s -> s.getAsLong())
                .description("Times accepting a TCP connection failed (file descriptors exhausted); accepting pauses briefly after each.")
                .tag("component", component).register(registry);
        Gauge.builder("websocket.buffered.body.bytes", bufferedBodyBytes, s -> s.getAsLong()).baseUnit("bytes")
                .description("Request-body bytes that admitted HTTP requests hold now (at most max_buffered_body_bytes; past it, 503).")
                .tag("component", component).register(registry);
        broadcastLatency = Timer.builder("websocket.broadcast.duration")
                .description("Time to encode one record and hand it to every target connection.").tag("component", component)
                .serviceLevelObjectives(BROADCAST_BUCKETS).register(registry);
        this.registry = registry;
        errors.forEach((type, n) -> registerError(type, n));
        refusals.forEach((kind, n) -> registerRefusal(kind, n));
        closes.forEach((reason, n) -> registerClose(reason, n));
        channelMessages.forEach((channel, n) -> labelled("websocket.channel.messages.sent",
                "Messages handed to the subscribers of a channel.", "channel", channel, n));
    }

    void broadcastTook(long nanos) {
        Timer t = broadcastLatency;
        if (t != null) {
            t.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    void error(String type) {
        errors.computeIfAbsent(type, k -> registerError(k, new LongAdder())).increment();
    }

    void refused(String kind) {
        refusals.computeIfAbsent(kind, k -> registerRefusal(k, new LongAdder())).increment();
    }

    void closed(String reason) {
        closes.computeIfAbsent(reason, k -> registerClose(k, new LongAdder())).increment();
    }

    /**
     * Counts {@code n} messages handed to subscribers of {@code channel}. Channels are named by records, so the
     * label takes at most {@link #MAX_CHANNEL_LABELS} values, then {@code other}: memory and scrape size stay bounded.
     */
    void channelSent(String channel, int n) {
        LongAdder a = channelMessages.get(channel);
        if (a == null) {
            String label = channelMessages.size() < MAX_CHANNEL_LABELS ? channel : "other";
            a = channelMessages.computeIfAbsent(label, k -> labelled("websocket.channel.messages.sent",
                    "Messages handed to the subscribers of a channel.", "channel", k, new LongAdder()));
        }
        a.add(n);
    }

    long errorCount(String type) {
        LongAdder a = errors.get(type);
        return a == null ? 0 : a.sum();
    }

    long refusedCount(String kind) {
        LongAdder a = refusals.get(kind);
        return a == null ? 0 : a.sum();
    }

    private LongAdder registerError(String type, LongAdder n) {
        return labelled("websocket.errors", "Errors by type.", "type", type, n);
    }

    private LongAdder registerRefusal(String kind, LongAdder n) {
        return labelled("websocket.refused", "Handshakes and HTTP requests refused, by reason.", "reason", kind, n);
    }

    private LongAdder registerClose(String reason, LongAdder n) {
        return labelled("websocket.closed.by.server", "Connections the server closed, by reason.", "reason", reason, n);
    }

    /** Registers a counter of one label value once the registry is known; before that, {@link #bind} does. */
    private LongAdder labelled(String name, String help, String label, String value, LongAdder n) {
        MeterRegistry r = registry;
        if (r != null) {
            FunctionCounter.builder(name, n, LongAdder::sum).description(help).tag("component", component).tag(label, value).register(r);
        }
        return n;
    }

    private void counter(MeterRegistry registry, String name, String help, LongAdder n) {
        FunctionCounter.builder(name, n, LongAdder::sum).description(help).tag("component", component).register(registry);
    }
}
