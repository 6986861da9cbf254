package dev.blueprint.components.websocket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import dev.blueprint.components.payload.Payloads;
import java.time.Instant;
import java.util.Base64;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns what clients send and do into records on {@code messages} and {@code events}; called by the {@link InboundQueue}. */
final class ClientEvents {
    private static final Logger log = LoggerFactory.getLogger(ClientEvents.class);
    private final ComponentContext context;
    private final WebSocketMetrics metrics;
    private final Output messages;
    private final Output rateLimited;
    private final Output events;
    private final long maxMessageSize;
    private final boolean parseJson;
    private final IntSupplier openConnections;

    ClientEvents(ComponentContext context, WebSocketMetrics metrics, long maxMessageSize, boolean parseJson,
            IntSupplier openConnections) {
        this.context = context;
        this.metrics = metrics;
        this.messages = context.output("messages");
        this.rateLimited = context.output("rate_limited");
        this.events = context.output("events");
        this.maxMessageSize = maxMessageSize;
        this.parseJson = parseJson;
        this.openConnections = openConnections;
    }

    String name() {
        return context.name();
    }

    void onConnected(Connection c) {
        log.debug("{} - connected {}", context.name(), c);
        if (events.isBound() && !context.isStopping()) {
            ObjectNode e = event("connected", c);
            e.putNull("reason");
            events.emit(e);
        }
    }

    /** A channel subscription: {@code {"event": "subscribed"|"unsubscribed", "channel", "offset", ...}} on events. */
    void onSubscription(Connection c, String channel, boolean subscribed, long offset) {
        log.debug("{} - {} {} {}", context.name(), c, subscribed ? "subscribed to" : "unsubscribed from", channel);
        if (events.isBound() && !context.isStopping()) {
            ObjectNode e = event(subscribed ? "subscribed" : "unsubscribed", c);
            e.put("channel", channel);
            if (subscribed) {
                e.put("offset", offset);
            }
            events.emit(e);
        }
    }

    void onDisconnected(Connection c, int code, String reason) {
        log.debug("{} - disconnected {}: {} {}", context.name(), c, code, reason);
        if (code == 1009) { // counted by the gateway as the transport closed it
            reason = "message larger than max_message_size (" + maxMessageSize + " bytes)";
        }
        if (events.isBound() && !context.isStopping()) {
            ObjectNode e = event("disconnected", c);
            e.put("code", code);
            e.put("reason", reason == null || reason.isEmpty() ? null : reason);
            events.emit(e);
        }
    }

    private ObjectNode event(String kind, Connection c) {
        ObjectNode e = context.json().createObjectNode();
        e.put("event", kind);
        identify(e, c);
        e.put("remote", c.remote);
        if (c.principal != null) {
            e.put("principal", c.principal);
        }
        e.put("timestamp", Instant.now().toString());
        return e;
    }

    private void identify(ObjectNode o, Connection c) {
        o.put("connection_id", c.id);
        o.put("session_id", c.sessionId);
        ObjectNode params = o.putObject("path_params");
        c.pathParams.forEach(params::put);
        // lets a pipeline answer "how many are here" (a chat's user_count, a health function) without state of its own
        o.put("connections", openConnections.getAsInt());
    }

    /** A text message: on {@code messages}, or on {@code rate_limited} when it came over max_message_rate. */
    void onText(Connection c, String text, long utf8Bytes, boolean limited) {
        metrics.messagesReceived.increment();
        metrics.bytesReceived.add(utf8Bytes); // counted once, by the InboundQueue, which bounds what waits by it
        Output out = limited ? rateLimited : messages;
        if (out.isBound() && !context.isStopping()) {
            ObjectNode m = context.json().createObjectNode();
            identify(m, c);
            principal(m, c);
            m.set("data", Payloads.value(context.json(), text, parseJson));
            out.emit(m);
        }
    }

    /** A binary message, as base64 with {@code "binary": true}. */
    void onBinary(Connection c, byte[] bytes, boolean limited) {
        metrics.messagesReceived.increment();
        metrics.bytesReceived.add(bytes.length);
        Output out = limited ? rateLimited : messages;
        if (out.isBound() && !context.isStopping()) {
            ObjectNode m = context.json().createObjectNode();
            identify(m, c);
            principal(m, c);
            m.put("data", Base64.getEncoder().encodeToString(bytes));
            m.put("binary", true);
            out.emit(m);
        }
    }

    /** Who the client authenticated as (with auth on), so that every request carries it (a tenant id, say). */
    private static void principal(ObjectNode m, Connection c) {
        if (c.principal != null) {
            m.put("principal", c.principal);
        }
    }

    /** The UTF-8 size of {@code text} as it came over the wire, without encoding it again. */
    static long utf8Length(String text) {
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch < 0x80) {
                n++;
            } else if (ch < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(ch) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
