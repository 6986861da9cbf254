package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Channels, history and recovery through the CLI jar, with real WebSocket clients: a publisher's messages come back
 * from the pipeline with their channel, and go to that channel's subscribers only; a client that reconnects with its
 * last offset gets exactly what it missed, in order, then live records.
 */
class ChannelsIT {
    private static final String BLUEPRINT = """
            system:
              name: channels
              components:
                - name: ws
                  type: WebSocket
                  config:
                    port: 0
                    path: /ws/{channel}
                    subscriptions: messages
                    history: {size: 1000, ttl: 5m}
                    envelope: true
                    payload_field: data
                    admin: {enabled: true, token: channels-admin-token}
                - name: small
                  type: WebSocket
                  config:
                    port: 0
                    path: /small
                    history: {size: 10}
                    envelope: true
                    payload_field: data
                - name: subscriptions
                  type: Filter
                  config: {condition: '.event == "subscribed" or .event == "unsubscribed"'}
                - name: events_out
                  type: Sink
              bindings:
                - {from: ws.messages, to: ws.input}
                - {from: ws.messages, to: small.input}
                - {from: ws.events, to: subscriptions.input}
                - {from: subscriptions.output, to: events_out.input}
            """;

    @TempDir
    Path dir;
    private CliRunner.Running run;
    private int port;
    private int small;

    @BeforeEach
    void start() {
        run = CliRunner.start(Map.of(), "run", "--http", "off", CliRunner.write(dir, "channels.yaml", BLUEPRINT).toString());
        port = run.port("ws");
        small = run.port("small");
    }

    @AfterEach
    void stop() {
        run.close();
    }

    private JsonClient connect(String pathAndQuery) {
        return JsonClient.connect("ws://127.0.0.1:" + port + pathAndQuery);
    }

    @Test
    void aRecordWithAChannelReachesExactlyThatChannelsSubscribersByPathQueryAndMessage() throws Exception {
        try (JsonClient publisher = connect("/ws/publisher");
             JsonClient byPath = connect("/ws/a");
             JsonClient byQuery = connect("/ws/x?channel=a&channel=b");
             JsonClient byMessage = connect("/ws/z")) {
            run.awaitConnections("ws", 4); // a handshake may end before the server counts the client (and its path's channel) in
            byMessage.send("{\"type\":\"subscribe\",\"channel\":\"b\"}");
            JsonNode subscribed = byMessage.awaitMessage(m -> "subscribed".equals(m.path("type").asText()));
            assertThat(subscribed.path("channel").asText()).isEqualTo("b");
            assertThat(subscribed.path("offset").asLong()).isZero();
            assertThat(subscribed.path("epoch").asText()).isNotEmpty();

            publisher.send("{\"channel\":\"a\",\"n\":1}");
            publisher.send("{\"channel\":\"b\",\"n\":2}");
            publisher.send("{\"channel\":\"b\",\"n\":3}");
            await("channel b's two records at its subscribers").until(() -> byQuery.onChannel("b").size() == 2 && byMessage.onChannel("b").size() == 2);
            await("channel a's record at its subscribers").until(() -> byPath.onChannel("a").size() == 1 && byQuery.onChannel("a").size() == 1);

            assertThat(byPath.onChannel("a").get(0).path("data").path("n").asInt()).isEqualTo(1);
            assertThat(byPath.onChannel("a").get(0).path("offset").asLong()).isEqualTo(1);
            assertThat(byMessage.onChannel("b")).extracting(m -> m.path("offset").asLong()).containsExactly(1L, 2L);
            assertThat(byPath.onChannel("b")).isEmpty();
            assertThat(byMessage.onChannel("a")).isEmpty();

            byMessage.send("{\"type\":\"unsubscribe\",\"channel\":\"b\"}");
            byMessage.awaitMessage(m -> "unsubscribed".equals(m.path("type").asText()));
            publisher.send("{\"channel\":\"b\",\"n\":4}");
            await("the query subscriber gets the next b record").until(() -> byQuery.onChannel("b").size() == 3);
            assertThat(byMessage.onChannel("b")).hasSize(2);

            // presence: the admin API lists each channel with its subscribers on this instance
            var presence = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/channels")).header("Authorization", "Bearer channels-admin-token").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(presence.statusCode()).isEqualTo(200);
            JsonNode channels = JsonClient.parse(presence.body());
            assertThat(channels.findValuesAsText("channel")).contains("a", "b", "x", "z", "publisher");
            for (JsonNode ch : channels) {
                if (ch.path("channel").asText().equals("a")) {
                    assertThat(ch.path("subscribers").asInt()).as("a: by path and by query").isEqualTo(2);
                }
                if (ch.path("channel").asText().equals("b")) {
                    assertThat(ch.path("subscribers").asInt()).as("b: the query subscriber, the message one gone").isEqualTo(1);
                }
            }

            // the events output carries subscribe and unsubscribe
            await("subscribed and unsubscribed events").until(() -> run.stdout().contains("\"event\":\"unsubscribed\""));
            assertThat(run.stdout()).contains("\"event\":\"subscribed\"", "\"channel\":\"b\"");
        }
    }

    @Test
    void aClientThatReconnectsWithItsLastOffsetGetsExactlyTheFiveHundredItMissedInOrderThenLiveOnes() {
        try (JsonClient publisher = connect("/ws/publisher");
             JsonClient witness = connect("/ws/r")) {
            long last;
            String epoch;
            try (JsonClient first = connect("/ws/r")) {
                run.awaitConnections("ws", 3); // a broadcast reaches only the clients the server has counted in
                publisher.send("{\"channel\":\"r\",\"n\":0}");
                JsonNode got = first.awaitMessage(m -> m.path("channel").asText().equals("r"));
                last = got.path("offset").asLong();
                epoch = got.path("epoch").asText();
            }
            for (int i = 1; i <= 500; i++) {
                publisher.send("{\"channel\":\"r\",\"n\":" + i + "}");
            }
            await("the 500 records broadcast while the client was away").atMost(Duration.ofSeconds(60))
                    .until(() -> witness.onChannel("r").size() == 501);
            try (JsonClient again = connect("/ws/r?since=" + last + "&epoch=" + epoch)) {
                await("the 500 missed records recovered").atMost(Duration.ofSeconds(60)).until(() -> again.onChannel("r").size() >= 500);
                for (int i = 501; i <= 510; i++) {
                    publisher.send("{\"channel\":\"r\",\"n\":" + i + "}");
                }
                await("10 live records after the recovered ones").until(() -> again.onChannel("r").size() >= 510);
                List<Long> offsets = again.onChannel("r").stream().map(m -> m.path("offset").asLong()).toList();
                assertThat(offsets).as("no gap and no duplicate at the seam").containsExactlyElementsOf(
                        LongStream.rangeClosed(last + 1, last + 510).boxed().toList());
                assertThat(again.onChannel("r")).extracting(m -> m.path("data").path("n").asInt()).startsWith(1, 2, 3).endsWith(509, 510);
                assertThat(again.messages()).noneMatch(m -> "recover_failed".equals(m.path("type").asText()));
                JsonNode told = again.messages().get(0);
                assertThat(told.path("type").asText()).as("the first message says how the recovery went").isEqualTo("subscribed");
                assertThat(told.path("recovered").asInt()).isEqualTo(500);
            }
        }
    }

    @Test
    void recoveryBeyondHistoryOrFromAnotherEpochIsToldRecoverFailedAndGoesOnLive() {
        try (JsonClient publisher = connect("/ws/publisher")) {
            String epoch;
            try (JsonClient probe = JsonClient.connect("ws://127.0.0.1:" + small + "/small?channel=s")) {
                run.awaitConnections("small", 1);
                publisher.send("{\"channel\":\"s\",\"n\":1}");
                epoch = probe.awaitMessage(m -> m.path("channel").asText().equals("s")).path("epoch").asText();
                for (int i = 2; i <= 20; i++) {
                    publisher.send("{\"channel\":\"s\",\"n\":" + i + "}");
                }
                // the records pass through the pipeline on their own time: a recovery asked for before offset 20 was
                // broadcast would find a top below 10 and be told recover_failed, rightly
                await("all twenty broadcast").until(() -> probe.onChannel("s").size() == 20);
            }
            try (JsonClient witness = JsonClient.connect("ws://127.0.0.1:" + small + "/small?channel=s&since=10&epoch=" + epoch)) {
                await("the last ten records, still in the history of ten").until(() -> witness.onChannel("s").size() == 10);
            }
            try (JsonClient late = JsonClient.connect("ws://127.0.0.1:" + small + "/small?channel=s&since=1&epoch=" + epoch)) {
                JsonNode failed = late.awaitMessage(m -> "recover_failed".equals(m.path("type").asText()));
                assertThat(failed.path("channel").asText()).isEqualTo("s");
                assertThat(failed.path("offset").asLong()).isEqualTo(20);
                assertThat(failed.path("epoch").asText()).isEqualTo(epoch);
                publisher.send("{\"channel\":\"s\",\"n\":21}");
                await("live records after recover_failed").until(() -> late.onChannel("s").size() == 1);
                assertThat(late.onChannel("s").get(0).path("offset").asLong()).isEqualTo(21);
            }
            try (JsonClient stranger = JsonClient.connect("ws://127.0.0.1:" + small + "/small?channel=s&since=19&epoch=not-" + epoch)) {
                assertThat(stranger.awaitMessage(m -> "recover_failed".equals(m.path("type").asText())).path("epoch").asText()).isEqualTo(epoch);
            }
        }
    }

    @Test
    void aRestartWithoutRedisStartsANewEpochSoOldOffsetsAreNotTrusted() {
        String epoch;
        try (JsonClient publisher = connect("/ws/publisher"); JsonClient c = connect("/ws/e")) {
            run.awaitConnections("ws", 2);
            publisher.send("{\"channel\":\"e\",\"n\":1}");
            epoch = c.awaitMessage(m -> m.path("channel").asText().equals("e")).path("epoch").asText();
        }
        run.close();
        start();
        try (JsonClient publisher = connect("/ws/publisher"); JsonClient c = connect("/ws/e?since=1&epoch=" + epoch)) {
            JsonNode failed = c.awaitMessage(m -> "recover_failed".equals(m.path("type").asText()));
            assertThat(failed.path("epoch").asText()).isNotEqualTo(epoch);
        }
    }

    @Test
    void theMultiFeedDashboardSendsEachFeedOnItsChannelInEnvelopes() {
        try (CliRunner.Running feeds = CliRunner.start(CliRunner.env("PORT", "0"), "run", "--http", "off",
                CliRunner.blueprint("multi-feed-dashboard.yaml").toString())) {
            int feedPort = feeds.port("dashboard");
            try (JsonClient both = JsonClient.connect("ws://127.0.0.1:" + feedPort + "/ws?channel=prices&channel=sensors");
                 JsonClient prices = JsonClient.connect("ws://127.0.0.1:" + feedPort + "/ws?channel=prices")) {
                await("records of both feeds").atMost(Duration.ofSeconds(30))
                        .until(() -> !both.onChannel("prices").isEmpty() && !both.onChannel("sensors").isEmpty());
                await("a prices record at the prices-only page").until(() -> !prices.onChannel("prices").isEmpty());
                assertThat(prices.messages()).allSatisfy(m -> assertThat(m.path("channel").asText()).isEqualTo("prices"));
                JsonNode sensor = both.onChannel("sensors").get(0);
                assertThat(sensor.path("data").path("sensor").asText()).isEqualTo("lab-1");
                assertThat(sensor.path("offset").asLong()).isPositive();
                assertThat(sensor.path("epoch").asText()).isNotEmpty();
            }
        }
    }

    @Test
    void aBadRecoveryRequestIsRefusedAtTheHandshakeWith400() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /ws/a?since=abc&epoch=x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n"
                    + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 400").contains("since for channel 'a' must be an offset");
        }
    }
}
