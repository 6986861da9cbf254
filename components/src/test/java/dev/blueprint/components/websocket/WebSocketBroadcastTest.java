package dev.blueprint.components.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebSocketBroadcastTest {
    @TempDir
    Path dir;

    @Test
    void broadcastsEveryRecordToEveryClientWithExactDeliveryReports() throws Exception {
        try (var ws = new WebSocketHarness(dir, "heartbeat_interval: 0")) {
            List<WsTestClient> clients = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                clients.add(WsTestClient.connect(ws.url("/feed")));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> ws.get("/health").body().contains("\"connections\":20"));
            for (int i = 1; i <= 5; i++) {
                clients.get(0).send("{\"n\":" + i + "}");
            }
            for (WsTestClient c : clients) {
                assertThat(c.awaitMessages(5)).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}", "{\"n\":5}");
            }
            List<JsonNode> reports = ws.awaitReports(5);
            assertThat(reports).hasSize(5).allSatisfy(r -> {
                assertThat(r.get("broadcast_to").asInt()).isEqualTo(20);
                assertThat(r.get("disconnected").asInt()).isZero();
                assertThat(r.get("dropped").asInt()).isZero();
                assertThat(r.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            });
            assertThat(reports).extracting(r -> r.at("/message/data/n").asInt()).containsExactly(1, 2, 3, 4, 5);
            clients.forEach(WsTestClient::close);
        }
    }

    @Test
    void sendsARecordNamingASessionOrConnectionOnlyThere() throws Exception {
        try (var ws = new WebSocketHarness(dir, "path: /{agent_id}/ws/{session_id}\nheartbeat_interval: 0")) {
            WsTestClient a1 = WsTestClient.connect(ws.url("/agent/ws/a"));
            WsTestClient a2 = WsTestClient.connect(ws.url("/agent/ws/a"));
            WsTestClient b = WsTestClient.connect(ws.url("/agent/ws/b"));
            ws.awaitConnections(3); // a client's handshake may end before the server counts it in
            b.send("{\"session_id\":\"a\",\"text\":\"for a\"}");
            assertThat(a1.awaitMessages(1)).containsExactly("{\"session_id\":\"a\",\"text\":\"for a\"}");
            assertThat(a2.awaitMessages(1)).hasSize(1);
            JsonNode report = ws.awaitReports(1).get(0);
            assertThat(report.get("broadcast_to").asInt()).isEqualTo(2);

            String bId = ws.awaitEvents(3).stream().filter(e -> e.at("/session_id").asText().equals("b"))
                    .findFirst().orElseThrow().get("connection_id").asText();
            a1.send("{\"connection_id\":\"" + bId + "\",\"text\":\"for b\"}");
            assertThat(b.awaitMessages(1)).containsExactly("{\"connection_id\":\"" + bId + "\",\"text\":\"for b\"}");
            assertThat(ws.awaitReports(2).get(1).get("broadcast_to").asInt()).isEqualTo(1);
            assertThat(a1.messages()).hasSize(1);
            assertThat(a2.messages()).hasSize(1);
            List.of(a1, a2, b).forEach(WsTestClient::close);
        }
    }

    @Test
    void emitsWhatClientsSendAndConnectDisconnectEvents() throws Exception {
        try (var ws = new WebSocketHarness(dir, "path: /{agent_id}/ws/{session_id}\nheartbeat_interval: 0")) {
            WsTestClient c = WsTestClient.connect(ws.url("/agent7/ws/s1"));
            c.send("{\"type\":\"query\"}").send("plain text").sendBinary(new byte[] {1, 2, 3}).send("42 is the answer");
            await().atMost(Duration.ofSeconds(10)).until(() -> ws.messages().size() >= 4);
            List<JsonNode> messages = ws.messages();
            assertThat(messages.get(0).get("data").get("type").asText()).isEqualTo("query");
            assertThat(messages.get(0).get("session_id").asText()).isEqualTo("s1");
            assertThat(messages.get(0).at("/path_params/agent_id").asText()).isEqualTo("agent7");
            assertThat(messages.get(0).get("connection_id").asText()).startsWith("c-");
            assertThat(messages.get(1).get("data").asText()).isEqualTo("plain text");
            assertThat(messages.get(2).get("data").asText()).isEqualTo("AQID");
            assertThat(messages.get(2).get("binary").asBoolean()).isTrue();
            // text that only starts like JSON stays whole
            assertThat(messages.get(3).get("data")).isEqualTo(TextNode.valueOf("42 is the answer"));
            c.close();
            List<JsonNode> events = ws.awaitEvents(2);
            assertThat(events).extracting(e -> e.get("event").asText()).containsExactly("connected", "disconnected");
            assertThat(events.get(0).get("remote").asText()).startsWith("127.0.0.1:");
            assertThat(events.get(1).get("session_id").asText()).isEqualTo("s1");
            assertThat(events.get(1).get("code").asInt()).isEqualTo(1000);
        }
    }

    @Test
    void eventsAndMessagesCarryTheNumberOfOpenConnections() throws Exception {
        try (var ws = new WebSocketHarness(dir, "heartbeat_interval: 0")) {
            WsTestClient a = WsTestClient.connect(ws.url("/"));
            ws.awaitEvents(1);
            WsTestClient b = WsTestClient.connect(ws.url("/"));
            ws.awaitEvents(2);
            b.send("\"hi\"");
            await().atMost(Duration.ofSeconds(10)).until(() -> ws.messages().size() >= 1);
            a.close();
            List<JsonNode> events = ws.awaitEvents(3);
            // a connect counts the new connection, a disconnect no longer counts the one that left
            assertThat(events).extracting(e -> e.get("event").asText() + "@" + e.get("connections").asInt())
                    .containsExactly("connected@1", "connected@2", "disconnected@1");
            assertThat(ws.messages().get(0).get("connections").asInt()).isEqualTo(2);
            b.close();
        }
    }

    @Test
    void refusesTheConnectionOverMaxConnectionsWith503AndKeepsServingTheOthers() throws Exception {
        try (var ws = new WebSocketHarness(dir, "max_connections: 2\nheartbeat_interval: 0")) {
            WsTestClient a = WsTestClient.connect(ws.url("/"));
            WsTestClient b = WsTestClient.connect(ws.url("/"));
            assertThat(WsTestClient.refusalStatus(ws.url("/"), java.util.Map.of())).isEqualTo(503);
            a.send("\"still here\"");
            assertThat(b.awaitMessages(1)).containsExactly("still here");
            assertThat(ws.get("/metrics").body()).contains("websocket_refused_total{component=\"ws\",reason=\"max_connections\"} 1.0");
            a.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> ws.get("/health").body().contains("\"connections\":1"));
            WsTestClient c = WsTestClient.connect(ws.url("/"));
            c.close();
            b.close();
        }
    }

    @Test
    void refusesAPathOutsideTheTemplateWith404() throws Exception {
        try (var ws = new WebSocketHarness(dir, "path: /ws")) {
            assertThat(WsTestClient.refusalStatus(ws.url("/other"), java.util.Map.of())).isEqualTo(404);
            WsTestClient.connect(ws.url("/ws?x=1")).close();
        }
    }
}
