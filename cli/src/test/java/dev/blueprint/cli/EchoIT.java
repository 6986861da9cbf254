package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.components.websocket.WsTestClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** blueprints/echo.yaml (seed 001's echo server) through the CLI with real clients at the root path. */
class EchoIT {

    @Test
    void eachMessageIsEchoedToItsSenderOnly() {
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", CliRunner.blueprint("echo.yaml").toString(),
                "--set", "websocket_server.port=0")) {
            String url = "ws://127.0.0.1:" + run.webSocketPort();
            WsTestClient alice = WsTestClient.connect(url);
            WsTestClient bob = WsTestClient.connect(url);

            alice.send("hello");
            assertThat(alice.awaitMessages(1)).containsExactly("Echo: hello");
            alice.send("{\"text\":\"as JSON\"}");
            assertThat(alice.awaitMessages(2)).containsExactly("Echo: hello", "Echo: {\"text\":\"as JSON\"}");
            alice.send("42 is the answer").send("{\"n\": 1.0}");
            assertThat(alice.awaitMessages(4)).endsWith("Echo: 42 is the answer", "Echo: {\"n\": 1.0}");
            byte[] bytes = {0, 1, 2, (byte) 0xfe, (byte) 0xff};
            alice.sendBinary(bytes); // seed 001: binary messages too, echoed as the same bytes, as binary
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !alice.binaryMessages().isEmpty());
            assertThat(alice.binaryMessages().get(0)).isEqualTo(bytes);
            bob.send("bob here");
            // bob's own echo comes after alice's would have, had they been sent to him
            assertThat(bob.awaitMessages(1)).containsExactly("Echo: bob here");
            assertThat(alice.messages()).hasSize(4);

            run.signal("TERM");
            assertThat(alice.awaitClose()).isEqualTo(1001);
            CliRunner.Result result = run.await(Duration.ofSeconds(30));
            assertThat(result.exitCode()).as(result.toString()).isZero();
        }
    }
}
