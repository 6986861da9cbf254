package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.components.websocket.WsTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WebSocket server whose I/O thread runs out of memory must not go on serving half-alive: the run
 * fails with exit 1 and says why.
 */
class WebSocketFatalIT {
    @TempDir
    Path dir;

    @Test
    void anIoThreadOutOfMemoryFailsTheRunWithExitOne() throws Exception {
        Path blueprint = dir.resolve("fatal.yaml");
        Files.writeString(blueprint, """
                system:
                  name: fatal_test
                  components:
                    - name: ws
                      type: WebSocket
                      config: {host: 127.0.0.1, port: 0, max_message_size: 64MiB, heartbeat_interval: 0}
                """);
        // direct memory small enough that one large (allowed) message cannot be buffered
        try (CliRunner.Running run = CliRunner.start(List.of("-Xmx256m", "-XX:MaxDirectMemorySize=16m"), java.util.Map.of(), "run",
                blueprint.toString())) {
            int port = run.webSocketPort();
            assertThat(CliRunner.httpGet(port, "/ready").statusCode()).isEqualTo(200);
            WsTestClient client = WsTestClient.connect("ws://127.0.0.1:" + port + "/");
            try {
                client.send("x".repeat(40 * 1024 * 1024));
            } catch (RuntimeException e) {
                // the server may drop the connection while the message is still being written
            }
            CliRunner.Result result = run.await(Duration.ofSeconds(30));
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            CliRunner.assertThatLog(result).contains("the WebSocket server cannot go on: an I/O thread failed")
                    .contains("OutOfMemoryError");
        }
    }
}
