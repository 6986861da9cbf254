package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blueprint.components.websocket.WsTestClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code blueprint run --watch} through the jar, editing the blueprint under the running pipeline: a valid edit is
 * applied while a WebSocket client stays connected to the server it did not change, an invalid edit is refused with
 * the old pipeline still serving, and an edit that fails to start is rolled back.
 */
class WatchIT {
    private static final String BLUEPRINT = """
            system:
              name: watched
              components:
                - name: ws
                  type: WebSocket
                  config: {port: 0, path: /, payload_field: message, target_from: record, parse_json: false}
                - name: reply
                  type: Transformer
                  config:
                    expression: '{connection_id, message: ("A: " + .data)}'
              bindings:
                - {from: ws.messages, to: reply.input}
                - {from: reply.output, to: ws.input}
            """;

    @TempDir
    Path dir;

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    private static String answer(WsTestClient client, int n, String send) {
        client.send(send);
        return client.awaitMessages(n).get(n - 1);
    }

    @Test
    void validEditIsAppliedInvalidEditRefusedAndFailedStartRolledBackWhileTheClientStaysConnected() throws Exception {
        Path file = CliRunner.write(dir, "watched.yaml", BLUEPRINT);
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", "--watch", file.toString())) {
            int port = run.webSocketPort();
            await().atMost(Duration.ofSeconds(30)).until(() -> CliRunner.httpGet(port, "/ready").statusCode() == 200);
            try (WsTestClient client = WsTestClient.connect("ws://127.0.0.1:" + port + "/")) {
                assertThat(answer(client, 1, "hi")).isEqualTo("A: hi");

                edit(file, "\"A: \"", "\"B: \"");
                run.awaitStderr("watched - reloaded");
                CliRunner.assertThatLog(run).contains("kept running: ws").contains("ws - kept across the reload: 1 client(s) stay connected");
                // the same connection, answered by the new transformer
                await().atMost(Duration.ofSeconds(30)).until(() -> answer(client, client.messages().size() + 1, "hi").equals("B: hi"));
                assertThat(client.isClosed()).isFalse();
                // the ops server follows the new pipeline: its graph shows the new expression, its metrics the kept server
                int ops = run.opsPort();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(CliRunner.httpGet(ops, "/api/pipeline").body())
                        .contains("\\\"B: \\\""));
                assertThat(CliRunner.httpGet(ops, "/metrics").body()).contains("websocket_connections_active{component=\"ws\"} 1.0",
                        "blueprint_component_records_in_total{component=\"reply\",type=\"Transformer\"}");

                edit(file, "(\"B: \" + .data)", "(\"C: \" + .data | nosuchfn)");
                // the problems follow the header line: wait for the one expected, not for the header
                run.awaitStderr(file + ":10:21: error: reply.config.expression: calls a jq function that does not exist");
                CliRunner.assertThatLog(run).contains("the new version has errors; still running the previous one");
                assertThat(answer(client, client.messages().size() + 1, "still?")).isEqualTo("B: still?");

                try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
                    // one save: two could be deployed one by one, and the rollback would then return to "D"
                    String text = Files.readString(file);
                    assertThat(text).contains("(\"C: \" + .data | nosuchfn)", "  bindings:");
                    Files.writeString(file, text.replace("(\"C: \" + .data | nosuchfn)", "(\"D: \" + .data)").replace("  bindings:",
                            "    - {name: push, type: Source, config: {variant: http, port: " + taken.getLocalPort() + "}}\n"
                                    + "  bindings:\n    - {from: push.output, to: reply.input}"));
                    run.awaitStderr("rolled back: the previous version runs again");
                }
                CliRunner.assertThatLog(run).contains("watch: the new version failed to start; rolling back to the previous one")
                        .contains("is already in use by another process; set push.port");
                // the server was not part of the change: the client is still connected, served by the old version
                assertThat(answer(client, client.messages().size() + 1, "back")).isEqualTo("B: back");
                assertThat(client.isClosed()).isFalse();
            }
            run.signal("TERM");
            assertThat(run.await(Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }

    @Test
    void statsLinesFollowTheReloadedPipeline() throws Exception {
        Path file = CliRunner.write(dir, "counted.yaml", """
                system:
                  name: counted
                  components:
                    - {name: src, type: Source, config: {variant: generator, rate: 50, template: {n: "{{seq}}"}}}
                    - {name: first, type: Sink, config: {variant: discard}}
                  bindings:
                    - {from: src, to: first}
                """);
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", "--watch", "--stats", "1", file.toString())) {
            run.awaitStderr("[stats] first (Sink)");
            edit(file, "first", "second");
            run.awaitStderr("counted - reloaded");
            // the lines name the new pipeline's sink: the printer follows the pipeline now running
            run.awaitStderr("[stats] second (Sink)");
        }
    }
}
