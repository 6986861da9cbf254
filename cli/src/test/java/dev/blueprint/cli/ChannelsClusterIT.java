package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.components.testkit.RedisTestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Channels across two instances sharing a Redis of the test's own: offsets and history live in Redis, so a client
 * that drops off one instance and reconnects to the other gets exactly what it missed, then live records.
 */
class ChannelsClusterIT {
    private static final String BLUEPRINT = """
            system:
              name: channels_cluster
              components:
                - name: ws
                  type: WebSocket
                  config:
                    port: 0
                    path: /ws/{channel}
                    history: {size: 1000, ttl: 5m}
                    envelope: true
                    payload_field: data
                    cluster: {redis_url: "${REDIS_URL}", channel: "it:channels"}
              bindings:
                - {from: ws.messages, to: ws.input}
            """;

    @TempDir
    Path dir;
    private RedisTestServer redis;
    private CliRunner.Running a;
    private CliRunner.Running b;

    @BeforeEach
    void start() throws Exception {
        redis = new RedisTestServer(java.nio.file.Files.createDirectories(dir.resolve("redis"))); // started: on a port it bound
        Path file = CliRunner.write(dir, "channels.yaml", BLUEPRINT);
        a = CliRunner.start(CliRunner.env("REDIS_URL", redis.url()), "run", "--http", "off", file.toString());
        b = CliRunner.start(CliRunner.env("REDIS_URL", redis.url()), "run", "--http", "off", file.toString());
    }

    @AfterEach
    void stop() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        redis.close();
    }

    @Test
    void aClientThatReconnectsToTheOtherInstanceRecoversExactlyWhatItMissedThenLiveOnes() {
        int portA = a.port("ws");
        int portB = b.port("ws");
        try (JsonClient publisherB = JsonClient.connect("ws://127.0.0.1:" + portB + "/ws/publisher");
             JsonClient publisherA = JsonClient.connect("ws://127.0.0.1:" + portA + "/ws/publisher");
             JsonClient witnessA = JsonClient.connect("ws://127.0.0.1:" + portA + "/ws/r")) {
            long last;
            String epoch;
            try (JsonClient first = JsonClient.connect("ws://127.0.0.1:" + portA + "/ws/r")) {
                a.awaitConnections("ws", 3); // a broadcast reaches only the clients the server has counted in
                b.awaitConnections("ws", 1);
                publisherB.send("{\"channel\":\"r\",\"n\":0}");
                JsonNode got = first.awaitMessage(m -> m.path("channel").asText().equals("r"));
                last = got.path("offset").asLong();
                epoch = got.path("epoch").asText();
            }
            for (int i = 1; i <= 500; i++) {
                publisherB.send("{\"channel\":\"r\",\"n\":" + i + "}");
            }
            await("instance A's witness got the 500 published through instance B").atMost(Duration.ofSeconds(60))
                    .until(() -> witnessA.onChannel("r").size() == 501);
            assertThat(witnessA.onChannel("r")).extracting(m -> m.path("offset").asLong())
                    .as("offsets given once, in Redis, the same on every instance")
                    .containsExactlyElementsOf(LongStream.rangeClosed(last, last + 500).boxed().toList());

            try (JsonClient again = JsonClient.connect("ws://127.0.0.1:" + portB + "/ws/r?since=" + last + "&epoch=" + epoch)) {
                await("the 500 missed records recovered on instance B").atMost(Duration.ofSeconds(60))
                        .until(() -> again.onChannel("r").size() >= 500);
                for (int i = 501; i <= 510; i++) {
                    publisherA.send("{\"channel\":\"r\",\"n\":" + i + "}");
                }
                await("10 live records published through instance A").until(() -> again.onChannel("r").size() >= 510);
                assertThat(again.onChannel("r")).extracting(m -> m.path("offset").asLong()).as("no gap and no duplicate at the seam")
                        .containsExactlyElementsOf(LongStream.rangeClosed(last + 1, last + 510).boxed().toList());
                assertThat(again.messages()).noneMatch(m -> "recover_failed".equals(m.path("type").asText()));
            }
            try (JsonClient stale = JsonClient.connect("ws://127.0.0.1:" + portA + "/ws/r?since=" + last + "&epoch=other")) {
                JsonNode failed = stale.awaitMessage(m -> "recover_failed".equals(m.path("type").asText()));
                assertThat(failed.path("epoch").asText()).isEqualTo(epoch);
                assertThat(failed.path("offset").asLong()).isEqualTo(last + 510);
            }
        }
    }
}
