package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blueprint.components.websocket.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The WebSocket blueprints through the real CLI, with real clients over loopback. */
class WebSocketIT {

    @Test
    void realtimeDashboardStreamsSourceRecordsToClientsAndReportsEachDelivery() throws Exception {
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", CliRunner.blueprint("realtime_dashboard.yaml").toString(),
                "--set", "websocket_server.port=0")) {
            int ws = run.webSocketPort();
            int http = run.httpPort();
            WsTestClient client = WsTestClient.connect("ws://127.0.0.1:" + ws + "/");
            assertThat(client.awaitMessages(2)).allSatisfy(m -> assertThat(m).startsWith("{").contains("\"seq\""));
            await().atMost(Duration.ofSeconds(10)).until(() -> run.stdout().contains("\"broadcast_to\":1"));
            assertThat(run.stdout()).contains("\"disconnected\":0", "\"dropped\":0", "\"message\":{");

            assertThat(CliRunner.httpGet(http, "/health").body()).matches("\\{\"status\":\"healthy\",\"connections\":1,\"uptime_seconds\":\\d+}");
            assertThat(CliRunner.httpGet(http, "/ready").statusCode()).isEqualTo(200);
            assertThat(CliRunner.httpGet(http, "/metrics").body()).contains("websocket_connections_active{component=\"websocket_server\"} 1.0",
                    "blueprint_component_records_out_total{component=\"metrics_source\",type=\"Source\"}");
            assertThat(CliRunner.httpGet(http, "/").body()).contains("new WebSocket(", "ws://HOST:" + ws + "/");

            run.signal("TERM");
            assertThat(client.awaitClose()).isEqualTo(1001);
            assertThat(run.await(Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }

    @Test
    void benchRelaySendsEveryClientMessageToEveryClientAndDrainsOnSigterm() throws Exception {
        try (CliRunner.Running run = CliRunner.start(Map.of("RELAY_PORT", "0"), "run", CliRunner.blueprint("bench-relay.yaml").toString())) {
            int port = run.webSocketPort();
            int http = run.httpPort();
            List<WsTestClient> clients = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                clients.add(WsTestClient.connect("ws://127.0.0.1:" + port + "/ws"));
            }
            // a handshake can complete before the server registered the connection: count them first
            await().atMost(Duration.ofSeconds(10)).until(() -> CliRunner.httpGet(http, "/health").body().contains("\"connections\":4"));
            clients.get(1).send("{\"seq\":1,\"t\":1234567}");
            for (WsTestClient c : clients) {
                assertThat(c.awaitMessages(1)).containsExactly("{\"seq\":1,\"t\":1234567}");
            }
            for (int i = 2; i <= 400; i++) {
                clients.get(0).send("{\"seq\":" + i + ",\"t\":1}");
            }
            // the stop comes mid-stream, once the relay is under way: the rest of the 400 may still be in the socket
            await("the relay under way").atMost(Duration.ofSeconds(10)).until(() -> clients.get(0).messages().size() > 1);
            run.signal("TERM");
            for (WsTestClient c : clients) {
                assertThat(c.awaitClose()).isEqualTo(1001);
            }
            // whatever the relay took in before the stop reached every client before the close
            int delivered = clients.get(0).messages().size();
            assertThat(clients).allSatisfy(c -> assertThat(c.messages()).hasSize(delivered));
            CliRunner.Result result = run.await(Duration.ofSeconds(30));
            assertThat(result.exitCode()).as(result.toString()).isZero();
        }
    }

    @Test
    void anUnboundWebSocketRunsAsAServerUntilStopped() throws Exception {
        String yaml = """
                system:
                  name: plain_server
                  components:
                    - name: server
                      type: WebSocket
                      config: {port: 0, path: "/{agent_id}/ws/{session_id}"}
                """;
        var dir = java.nio.file.Files.createTempDirectory("ws-it");
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", CliRunner.write(dir, "plain.yaml", yaml).toString())) {
            int port = run.webSocketPort();
            assertThat(WsTestClient.refusalStatus("ws://127.0.0.1:" + port + "/ws", Map.of())).isEqualTo(404);
            WsTestClient client = WsTestClient.connect("ws://127.0.0.1:" + port + "/a1/ws/s1");
            run.awaitConnections("server", 1); // the stop's 1001 goes to the clients the server has counted in
            run.signal("TERM");
            assertThat(client.awaitClose()).isEqualTo(1001);
            assertThat(run.await(Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }
}
