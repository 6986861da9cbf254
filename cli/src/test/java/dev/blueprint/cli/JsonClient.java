package dev.blueprint.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.components.websocket.WsTestClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A WebSocket client speaking JSON messages, the way the seeds' clients do (one JSON object per text
 * message), for the end-to-end tests of the interactive blueprints.
 */
final class JsonClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final WsTestClient socket;

    private JsonClient(WsTestClient socket) {
        this.socket = socket;
    }

    /** Connects to {@code url}; fails when the handshake fails. */
    static JsonClient connect(String url) {
        return new JsonClient(WsTestClient.connect(url));
    }

    /** Sends {@code text} as it is (so tests can send broken JSON too). */
    JsonClient send(String text) {
        socket.send(text);
        return this;
    }

    /** Every message received so far, parsed. */
    List<JsonNode> messages() {
        return socket.messages().stream().map(JsonClient::parse).toList();
    }

    /** The channel records received on {@code channel}, in their envelopes ({"channel","offset","epoch","data"}). */
    List<JsonNode> onChannel(String channel) {
        return messages().stream().filter(m -> channel.equals(m.path("channel").asText()) && m.has("data")).toList();
    }

    /** Waits until a message matching {@code p} arrived and returns the first one. */
    JsonNode awaitMessage(Predicate<JsonNode> p) {
        Awaitility.await().atMost(WAIT).until(() -> messages().stream().anyMatch(p));
        return messages().stream().filter(p).findFirst().orElseThrow();
    }

    /** Waits until a message of {@code type} arrived and returns every message up to and including it. */
    List<JsonNode> awaitUntilType(String type) {
        JsonNode last = awaitMessage(m -> type.equals(m.path("type").asText()));
        List<JsonNode> all = messages();
        return all.subList(0, all.indexOf(last) + 1);
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
