package dev.blueprint.components.websocket;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.testing.TestPipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a WebSocket component in-process on a loopback port it binds itself (port 0, read back once
 * started), with the HTTP endpoints on the same port, relaying what clients send to its own
 * input ({@code payload_field: data}), with delivery reports and events written to JSON-lines files.
 */
final class WebSocketHarness implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The bound port: WebSocket and HTTP alike. */
    final int port;
    /** Where the HTTP endpoints are: the same port. */
    final int httpPort;
    private final Path reports;
    private final Path events;
    private final Path messages;
    private final Pipeline pipeline;

    WebSocketHarness(Path dir, String extraConfig) throws InterruptedException {
        reports = dir.resolve("reports.jsonl");
        events = dir.resolve("events.jsonl");
        messages = dir.resolve("messages.jsonl");
        String yaml = """
                system:
                  name: ws_test
                  shutdown_grace_period: 5
                  components:
                    - name: ws
                      type: WebSocket
                      config:
                        host: 127.0.0.1
                        port: 0
                        payload_field: data
                %s
                    - name: reports
                      type: Sink
                      config: {variant: file, path: "%s"}
                    - name: events
                      type: Sink
                      config: {variant: file, path: "%s"}
                    - name: messages
                      type: Sink
                      config: {variant: file, path: "%s"}
                  bindings:
                    - {from: ws.messages, to: ws.input}
                    - {from: ws.messages, to: messages.input}
                    - {from: ws.output, to: reports.input}
                    - {from: ws.events, to: events.input}
                """.formatted(extraConfig.indent(8).stripTrailing(), reports, events, messages);
        pipeline = TestPipeline.start(yaml);
        port = component().port();
        httpPort = port;
    }

    String url(String path) {
        return "ws://127.0.0.1:" + port + path;
    }

    List<JsonNode> reports() {
        return lines(reports);
    }

    List<JsonNode> events() {
        return lines(events);
    }

    List<JsonNode> messages() {
        return lines(messages);
    }

    /** Waits (at most 10 s) until the file holds at least {@code n} lines. */
    List<JsonNode> awaitReports(int n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> reports().size() >= n);
        return reports();
    }

    List<JsonNode> awaitEvents(int n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> events().size() >= n);
        return events();
    }

    HttpResponse<String> get(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Pipeline pipeline() {
        return pipeline;
    }

    /** The running component, through the public API an embedding application uses. */
    WebSocketComponent component() {
        return pipeline.component("ws", WebSocketComponent.class).orElseThrow();
    }

    int connectionCount() {
        return component().connectionCount();
    }

    /**
     * Waits until the server has registered {@code n} connections. A client's handshake can complete
     * before the server's open callback ran, so a broadcast sent right after connecting may not count
     * every client yet; tests that count deliveries wait for this first.
     */
    void awaitConnections(int n) {
        awaitConnections(component(), n);
    }

    /** {@link #awaitConnections(int)} for a WebSocket component of another pipeline. */
    static void awaitConnections(WebSocketComponent ws, int n) {
        await().alias("server-side connections (wanted " + n + ")").atMost(Duration.ofSeconds(10))
                .until(ws::connectionCount, count -> count == n);
    }

    private static List<JsonNode> lines(Path file) {
        List<JsonNode> out = new ArrayList<>();
        try {
            if (!Files.exists(file)) {
                return out;
            }
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank()) {
                    try {
                        out.add(JSON.readTree(line));
                    } catch (IOException e) {
                        break; // a line still being written
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    public void close() {
        pipeline.stop();
        try {
            pipeline.awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
