package dev.blueprint.components.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The subscribe and unsubscribe messages of {@code subscriptions: messages}, answered on the connection's I/O thread
 * without going through the pipeline:
 * {@code {"type":"subscribe","channel":"c"}} (with {@code "since"} and {@code "epoch"} to recover) is answered with
 * {@code {"type":"subscribed","channel","offset","epoch"}} (or {@code recover_failed}), then what was missed;
 * {@code {"type":"unsubscribe","channel":"c"}} with {@code {"type":"unsubscribed","channel":"c"}}. Any other
 * message goes to the pipeline as before.
 */
final class ChannelMessages {
    private final Channels channels;
    private final ObjectMapper json;
    private final BroadcastHub hub;
    private final InboundQueue inbound;

    ChannelMessages(Channels channels, ObjectMapper json, BroadcastHub hub, InboundQueue inbound) {
        this.channels = channels;
        this.json = json;
        this.hub = hub;
        this.inbound = inbound;
    }

    /** Whether {@code text} was a subscription message, now answered. */
    boolean handled(Connection c, String text) {
        // most messages are not for us: skip parsing those that cannot be
        if (text.length() > 4096 || !text.contains("subscribe")) {
            return false;
        }
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (Exception e) {
            return false;
        }
        String type = message == null ? "" : message.path("type").asText();
        if (!type.equals("subscribe") && !type.equals("unsubscribe")) {
            return false;
        }
        JsonNode channel = message.get("channel");
        if (channel == null || !channel.isTextual()) {
            answer(c, json.createObjectNode().put("type", "error").put("code", "bad_subscription")
                    .put("error", type + " needs \"channel\": a string, e.g. {\"type\":\"" + type + "\",\"channel\":\"prices\"}"));
            return true;
        }
        String name = channel.textValue();
        if (type.equals("unsubscribe")) {
            boolean was = channels.unsubscribe(c, name);
            answer(c, json.createObjectNode().put("type", "unsubscribed").put("channel", name));
            if (was) {
                inbound.subscription(c, name, false, 0);
            }
            return true;
        }
        JsonNode since = message.get("since");
        if (since != null && !since.isNull() && (!since.canConvertToLong() || since.asLong() < 0 || !message.path("epoch").isTextual())) {
            answer(c, json.createObjectNode().put("type", "error").put("code", "bad_subscription").put("channel", name)
                    .put("error", "since must be an offset (a whole number >= 0) sent with the epoch it came from"));
            return true;
        }
        Long from = since == null || since.isNull() ? null : since.asLong();
        Channels.Subscribed s = channels.subscribe(c, new Channels.Request(name, from, message.path("epoch").asText(null)), true);
        if (s.subscribed() && !channels.shared()) { // shared: told once Redis answered
            inbound.subscription(c, name, true, s.reply().path("offset").asLong());
        }
        return true;
    }

    private void answer(Connection c, ObjectNode reply) {
        try {
            hub.broadcast(json.writeValueAsString(reply), false, List.of(c));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
