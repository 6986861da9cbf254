package dev.blueprint.components.websocket;

import dev.blueprint.transport.Handshake;
import dev.blueprint.transport.HttpReply;
import dev.blueprint.transport.Link;
import dev.blueprint.transport.TransportHandler;
import dev.blueprint.transport.Violation;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import dev.blueprint.transport.QuietLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the transport meets the component: gives each accepted TCP connection a {@link Connection} and
 * a slot, admits handshakes through the {@link HandshakeGate}, keeps the {@link ConnectionRegistry}
 * current, applies {@code max_message_rate}, and queues what clients send for the pipeline. Its callbacks
 * run on the I/O threads and never block.
 */
final class ClientGateway implements TransportHandler<Connection> {
    private static final Logger log = LoggerFactory.getLogger(ClientGateway.class);

    private final String name;
    private final HandshakeGate gate;
    private final ConnectionRegistry registry;
    private final WebSocketMetrics metrics;
    private final MessageRateLimit rateLimit;
    private final QuietLog quiet = new QuietLog(log);
    private final AtomicLong ids = new AtomicLong();
    private final BiConsumer<String, Throwable> onFatal;
    private InboundQueue inbound;
    /** The component's channels; null with channels off. */
    private Channels channels;
    private ChannelMessages channelMessages;
    /** Whether messages over max_message_rate are answered (emitted on rate_limited) rather than closing the client. */
    private boolean answerRateLimited;

    ClientGateway(String name, HandshakeGate gate, ConnectionRegistry registry, WebSocketMetrics metrics, MessageRateLimit rateLimit,
            BiConsumer<String, Throwable> onFatal) {
        this.name = name;
        this.gate = gate;
        this.registry = registry;
        this.metrics = metrics;
        this.rateLimit = rateLimit;
        this.onFatal = onFatal;
    }

    void attach(InboundQueue inbound, boolean answerRateLimited) {
        this.inbound = inbound;
        this.answerRateLimited = answerRateLimited;
    }

    /**
     * Turns channels on: subscriptions asked for at the handshake are made when the connection opens, and with
     * {@code messages} (not null) subscribe and unsubscribe messages are answered here instead of going to the
     * pipeline.
     */
    void attachChannels(Channels channels, ChannelMessages messages) {
        this.channels = channels;
        this.channelMessages = messages;
    }

    @Override
    public Connection onAccepted(Link link) {
        Connection c = new Connection("c-" + ids.incrementAndGet(), link);
        // a connection holds a slot from its first byte: slow handshakes count against max_connections
        registry.reserveSlot(c);
        return c;
    }

    @Override
    public Optional<HttpReply> onHandshake(Connection c, Handshake handshake) {
        Optional<Refusal> refusal = gate.admit(c, handshake);
        if (refusal.isEmpty()) {
            return Optional.empty();
        }
        Refusal r = refusal.get();
        metrics.refused(r.kind());
        quiet.warn("refused-" + r.kind(), "{} - refused a connection from {} with HTTP {}: {} ({} refused for {} so far)", name,
                c.remote, r.status(), r.message(), metrics.refusedCount(r.kind()), r.kind());
        return Optional.of(r.httpReply());
    }

    @Override
    public void onHttp(Connection c) {
        registry.releaseSlot(c); // a plain HTTP request is not a WebSocket connection
    }

    @Override
    public void onOpen(Connection c) {
        c.seen();
        c.connectedAt = Instant.now();
        c.open = true;
        rateLimit.open(c);
        boolean serving = registry.add(c);
        metrics.accepted.increment();
        inbound.connected(c);
        if (channels != null) {
            for (Channels.Request r : c.requestedChannels) {
                Channels.Subscribed s = channels.subscribe(c, r, false);
                if (s.subscribed() && !channels.shared()) { // shared: told once Redis answered
                    inbound.subscription(c, r.channel(), true, s.reply().path("offset").asLong());
                }
            }
        }
        if (!serving) {
            c.link.close(1001, "Going Away"); // admitted before the shutdown, opened after its pass over the clients
        }
    }

    @Override
    public void onText(Connection c, String text) {
        if (channelMessages != null && channelMessages.handled(c, text)) {
            c.seen();
            c.lastMessageNanos = c.lastSeenNanos;
            c.countIn();
            return;
        }
        switch (received(c)) {
            case ADMITTED -> inbound.text(c, text, false);
            case ANSWERED -> inbound.text(c, text, true);
            case DROPPED -> { }
        }
    }

    @Override
    public void onBinary(Connection c, byte[] data) {
        switch (received(c)) {
            case ADMITTED -> inbound.binary(c, data, false);
            case ANSWERED -> inbound.binary(c, data, true);
            case DROPPED -> { }
        }
    }

    /** What becomes of a client's message under max_message_rate. */
    private enum Admission { ADMITTED, ANSWERED, DROPPED }

    private Admission received(Connection c) {
        c.seen();
        c.lastMessageNanos = c.lastSeenNanos;
        c.countIn();
        return admitted(c);
    }

    /**
     * Applies max_message_rate: a message over it goes to rate_limited when that is bound (to be answered),
     * until the client has run up too many refusals; else, and then, the client is closed with 1008 and what
     * it sends meanwhile is dropped.
     */
    private Admission admitted(Connection c) {
        if (rateLimit.admit(c)) {
            return Admission.ADMITTED;
        }
        if (c.closeReason == null && answerRateLimited && rateLimit.refuse(c)) {
            metrics.error("rate_limited");
            return Admission.ANSWERED;
        }
        if (c.closeReason == null) {
            c.closeReason = "message rate";
            metrics.closed("message_rate");
            quiet.warn("message_rate", "{} - closing {}: it sends faster than max_message_rate", name, c);
            c.link.close(1008, "sending faster than max_message_rate");
        }
        metrics.error("message_rate_dropped");
        return Admission.DROPPED;
    }

    @Override
    public void onAlive(Connection c) {
        c.seen();
    }

    @Override
    public void onViolation(Connection c, Violation v, String detail) {
        if (v.beforeHandshake()) {
            metrics.refused(v.reason());
        } else {
            metrics.closed(v.reason());
            if (c.closeReason == null && v == Violation.SLOW_CONSUMER) {
                c.closeReason = "slow consumer";
            }
        }
        metrics.error(v.reason());
        quiet.warn(v.reason(), "{} - {} from {}: {} ({} so far)", name, v.beforeHandshake() ? "refused a request" : "closed a connection",
                c.remote, detail, metrics.errorCount(v.reason()));
    }

    @Override
    public void onClosed(Connection c, int code, String reason) {
        registry.releaseSlot(c);
        if (c.open) {
            c.open = false;
            registry.remove(c);
            if (channels != null) {
                channels.closed(c);
            }
            inbound.disconnected(c, c.closeCode != 0 ? c.closeCode : code, c.closeReason != null ? c.closeReason : reason);
        }
    }

    @Override
    public void onFatal(String what, Throwable cause) {
        onFatal.accept(what, cause);
    }

}
