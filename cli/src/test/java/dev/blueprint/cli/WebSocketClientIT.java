package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The websocket Source and Sink variants (clients) chained to another blueprint's WebSocket server, both
 * through the CLI jar: the hub broadcasts what is POSTed to it and the listener's websocket Source receives
 * all of it; the listener's websocket Sink sends records that reach the hub as client messages.
 */
@Timeout(120)
class WebSocketClientIT {
    private static final int BROADCASTS = 300;
    private static final int SENT = 200;

    @TempDir
    Path dir;

    @Test
    void aSecondBlueprintReceivesEverythingTheFirstBroadcastsAndSendsRecordsBack() throws Exception {
        Path heard = dir.resolve("heard.jsonl");
        Path out = dir.resolve("out.jsonl");
        Path hub = CliRunner.write(dir, "hub.yaml", """
                system:
                  name: ws_hub
                  components:
                    - {name: feed, type: Source, config: {variant: http, host: 127.0.0.1, port: 0, path: /feed}}
                    - {name: hub, type: WebSocket, config: {host: 127.0.0.1, port: 0, path: /}}
                    - {name: heard, type: Sink, config: {variant: file, path: "%s"}}
                  bindings:
                    - {from: feed, to: hub.input}
                    - {from: hub.messages, to: heard}
                """.formatted(heard));
        try (CliRunner.Running server = CliRunner.start(Map.of(), "run", hub.toString())) {
            int wsPort = server.port("hub");
            int feedPort = server.port("feed");
            Path listener = CliRunner.write(dir, "listener.yaml", """
                    system:
                      name: ws_listener
                      components:
                        - {name: listen, type: Source, config: {variant: websocket, url: "ws://127.0.0.1:%d/", subscribe: '{"hello":"listener"}', count: %d}}
                        - {name: out, type: Sink, config: {variant: file, path: "%s"}}
                        - {name: gen, type: Source, config: {rate: 0, count: %d, template: {from: sink, n: "{{seq}}"}}}
                        - {name: send, type: Sink, config: {variant: websocket, url: "ws://127.0.0.1:%d/"}}
                      bindings:
                        - {from: listen, to: out}
                        - {from: gen, to: send}
                    """.formatted(wsPort, BROADCASTS, out, SENT, wsPort));
            try (CliRunner.Running client = CliRunner.start(Map.of(), "run", listener.toString())) {
                // the hub heard the subscription sent on connect: from now on the listener gets every broadcast
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(heard) && Files.readString(heard).contains("listener"));
                HttpClient http = HttpClient.newHttpClient();
                for (int i = 1; i <= BROADCASTS; i++) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + feedPort + "/feed"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}")).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).isLessThan(300);
                }
                var result = client.await(Duration.ofSeconds(60));
                assertThat(result.exitCode()).as(result.toString()).isZero();
                assertThat(JsonLines.distinct(out, "n")).hasSize(BROADCASTS);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readAllLines(heard))
                        .filteredOn(l -> l.contains("\"from\":\"sink\"")).hasSize(SENT));
            }
            server.signal("TERM");
            assertThat(server.await(Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }

    private Path hub(Path heard) {
        return CliRunner.write(dir, "hub-" + heard.getFileName() + ".yaml", """
                system:
                  name: ws_hub
                  components:
                    - {name: feed, type: Source, config: {variant: http, host: 127.0.0.1, port: 0, path: /feed}}
                    - {name: hub, type: WebSocket, config: {host: 127.0.0.1, port: 0, path: /}}
                    - {name: heard, type: Sink, config: {variant: file, path: "%s"}}
                  bindings:
                    - {from: feed, to: hub.input}
                    - {from: hub.messages, to: heard}
                """.formatted(heard));
    }

    private static void post(int port, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/feed"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isLessThan(300);
    }

    @Test
    void aServerGoneAndBackIsAnOutageRiddenOutWithTheSubscriptionSentAgain() throws Exception {
        Path first = dir.resolve("first.jsonl");
        Path second = dir.resolve("second.jsonl");
        Path out = dir.resolve("reconnect-out.jsonl");
        CliRunner.Running hubA = CliRunner.start(Map.of(), "run", hub(first).toString());
        int wsPort = hubA.port("hub");
        Path listener = CliRunner.write(dir, "listener2.yaml", """
                system:
                  name: ws_listener
                  components:
                    - {name: listen, type: Source, config: {variant: websocket, url: "ws://127.0.0.1:%d/", subscribe: '{"hello":"again"}', max_backoff: 500ms}}
                    - {name: out, type: Sink, config: {variant: file, path: "%s"}}
                  bindings:
                    - {from: listen, to: out}
                """.formatted(wsPort, out));
        try (CliRunner.Running client = CliRunner.start(Map.of(), "run", listener.toString())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(first) && Files.readString(first).contains("again"));
            hubA.signal("TERM");
            assertThat(hubA.await(Duration.ofSeconds(30)).exitCode()).isZero();
            // the same port again: the listener keeps its URL; a port just released is free on loopback
            try (CliRunner.Running hubB = CliRunner.start(Map.of(), "run", hub(second).toString(), "--set", "hub.port=" + wsPort)) {
                int feedPort = hubB.port("feed");
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(second) && Files.readString(second).contains("again"));
                post(feedPort, "{\"n\":1}");
                await().atMost(Duration.ofSeconds(10)).until(() -> JsonLines.distinct(out, "n").contains(1L));
                // the outage is on the listener's /metrics too, and the connection shows as up again
                String metrics = CliRunner.httpGet(client.opsPort(), "/metrics").body();
                String labels = "{broker=\"ws://127.0.0.1:" + wsPort + "/\",component=\"listen\"}";
                assertThat(metrics).contains("connector_outages_total" + labels + " 1.0", "connector_up" + labels + " 1.0");
                client.signal("TERM");
                var result = client.await(Duration.ofSeconds(30));
                assertThat(result.exitCode()).as(result.toString()).isZero();
                CliRunner.assertThatLog(result).contains("listen - lost ws://127.0.0.1:" + wsPort + "/")
                        .contains("listen - ws://127.0.0.1:" + wsPort + "/: 1 outage(s) ridden out");
                hubB.signal("TERM");
                assertThat(hubB.await(Duration.ofSeconds(30)).exitCode()).isZero();
            }
        } finally {
            hubA.close();
        }
    }

    @Test
    void aSourceStartedBeforeItsServerConnectsOnceTheServerComesUpCountingOneOutage() throws Exception {
        Path first = dir.resolve("early-first.jsonl");
        Path second = dir.resolve("early-second.jsonl");
        Path out = dir.resolve("early-out.jsonl");
        // the port the server will have: taken from a run of it, which then stops before the listener starts
        CliRunner.Running probe = CliRunner.start(Map.of(), "run", hub(first).toString());
        int wsPort = probe.port("hub");
        probe.signal("TERM");
        assertThat(probe.await(Duration.ofSeconds(30)).exitCode()).isZero();
        Path listener = CliRunner.write(dir, "early.yaml", """
                system:
                  name: ws_early
                  components:
                    - {name: listen, type: Source, config: {variant: websocket, url: "ws://127.0.0.1:%d/", subscribe: '{"hello":"early"}', backoff: {initial: 100ms, max: 500ms}}}
                    - {name: out, type: Sink, config: {variant: file, path: "%s"}}
                  bindings:
                    - {from: listen, to: out}
                """.formatted(wsPort, out));
        try (CliRunner.Running client = CliRunner.start(Map.of(), "run", listener.toString())) {
            // the run starts (it used to exit 1: "failed to start"), not ready while its server is away
            String labels = "{broker=\"ws://127.0.0.1:" + wsPort + "/\",component=\"listen\"}";
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(CliRunner.httpGet(client.opsPort(), "/metrics").body())
                    .contains("connector_up" + labels + " 0.0", "connector_outages_total" + labels + " 1.0"));
            assertThat(CliRunner.httpGet(client.opsPort(), "/ready").statusCode()).isEqualTo(503);
            try (CliRunner.Running hub = CliRunner.start(Map.of(), "run", hub(second).toString(), "--set", "hub.port=" + wsPort)) {
                int feedPort = hub.port("feed");
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(second) && Files.readString(second).contains("early"));
                post(feedPort, "{\"n\":7}");
                await().atMost(Duration.ofSeconds(10)).until(() -> JsonLines.distinct(out, "n").contains(7L));
                String metrics = CliRunner.httpGet(client.opsPort(), "/metrics").body();
                assertThat(metrics).contains("connector_outages_total" + labels + " 1.0", "connector_up" + labels + " 1.0");
                assertThat(CliRunner.httpGet(client.opsPort(), "/ready").statusCode()).isEqualTo(200);
                client.signal("TERM");
                var result = client.await(Duration.ofSeconds(30));
                assertThat(result.exitCode()).as(result.toString()).isZero();
                CliRunner.assertThatLog(result).contains("listen - ws://127.0.0.1:" + wsPort + "/: 1 outage(s) ridden out");
                hub.signal("TERM");
                assertThat(hub.await(Duration.ofSeconds(30)).exitCode()).isZero();
            }
        }
    }
}
