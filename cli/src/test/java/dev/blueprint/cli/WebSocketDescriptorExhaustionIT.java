package dev.blueprint.cli;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blueprint.components.websocket.AttackClient;
import dev.blueprint.components.websocket.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real CLI run out of file descriptors by plain TCP connects (what took the Java-WebSocket server's
 * listener down for good): accepting pauses, {@code /ready} says so, the log says so at most once a
 * second, and once the flood leaves new clients are served again with no restart.
 */
class WebSocketDescriptorExhaustionIT {
    private static final int FILE_LIMIT = 256;
    private static final int FLOOD = 300;

    @Test
    void aConnectFloodPastTheFileLimitPausesAcceptingAndTheServerRecoversWithoutARestart() throws Exception {
        // handshake_timeout 30 s: the kept-alive ops connection must outlive the test; the flood never completes a request anyway
        try (CliRunner.Running run = CliRunner.startWithFileLimit(FILE_LIMIT, Map.of("RELAY_PORT", "0"), "run",
                CliRunner.blueprint("bench-relay.yaml").toString(), "--set", "relay.handshake_timeout=30s");
                AttackClient ops = AttackClient.connect(run.webSocketPort())) {
            int port = run.webSocketPort();
            assertThat(ops.get("/ready")).isEqualTo(200);

            List<AttackClient> flood = new ArrayList<>();
            long floodStart = System.nanoTime();
            try {
                // each connect completes in the kernel's backlog; the server runs out of descriptors accepting them
                for (int i = 0; i < FLOOD; i++) {
                    flood.add(AttackClient.connect(port));
                }
                await().atMost(ofSeconds(10)).untilAsserted(() -> assertThat(ops.get("/ready")).isEqualTo(503));
                run.awaitStderr("cannot accept connections");
            } finally {
                flood.forEach(AttackClient::close);
            }

            await().atMost(ofSeconds(15)).untilAsserted(() -> assertThat(ops.get("/ready")).isEqualTo(200));
            long floodSeconds = Duration.ofNanos(System.nanoTime() - floodStart).toSeconds();
            long warnings = run.stderr().lines().filter(l -> l.contains("cannot accept connections")).count();
            assertThat(warnings).as("accept-failure WARN lines over %d s", floodSeconds).isBetween(1L, floodSeconds + 2);

            WsTestClient client = WsTestClient.connect("ws://127.0.0.1:" + port + "/ws");
            client.send("{\"after\":\"the flood\"}");
            assertThat(client.awaitMessages(1)).containsExactly("{\"after\":\"the flood\"}");
            client.close();

            run.signal("TERM");
            CliRunner.Result result = run.await(ofSeconds(30));
            assertThat(result.exitCode()).as(result.toString()).isZero();
        }
    }
}
