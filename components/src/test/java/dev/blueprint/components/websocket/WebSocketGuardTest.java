package dev.blueprint.components.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Origin, auth, message size and heartbeat: what keeps unwanted or dead clients out. */
class WebSocketGuardTest {
    @TempDir
    Path dir;

    @Test
    void refusesAnOriginOutsideAllowedOriginsWith403() throws Exception {
        try (var ws = new WebSocketHarness(dir, "allowed_origins: [\"https://app.example.com\"]")) {
            assertThat(WsTestClient.refusalStatus(ws.url("/"), Map.of("Origin", "https://evil.example.com"))).isEqualTo(403);
            WsTestClient good = WsTestClient.connect(ws.url("/"), Map.of("Origin", "https://app.example.com"), null);
            good.send("\"hi\"");
            assertThat(good.awaitMessages(1)).containsExactly("hi");
            good.close();
            assertThat(ws.get("/metrics").body()).contains("reason=\"origin\"} 1");
        }
    }

    @Test
    void acceptsAnyoneWhenAuthIsOff() throws Exception {
        try (var ws = new WebSocketHarness(dir, "auth: {mode: off}")) {
            WsTestClient.connect(ws.url("/")).close();
        }
    }

    @Test
    void requiresAStaticTokenFromTheHeaderOrTheQuery() throws Exception {
        try (var ws = new WebSocketHarness(dir, "auth: {mode: tokens, tokens: [s3cret]}")) {
            assertThat(WsTestClient.refusalStatus(ws.url("/"), Map.of())).isEqualTo(401);
            assertThat(WsTestClient.refusalStatus(ws.url("/"), Map.of("Authorization", "Bearer wrong"))).isEqualTo(401);
            WsTestClient.connect(ws.url("/"), Map.of("Authorization", "Bearer s3cret"), null).close();
            WsTestClient.connect(ws.url("/?token=s3cret")).close();
        }
    }

    @Test
    void acceptsOnlyJwtsSignedWithTheSecretAndNotExpired() throws Exception {
        try (var ws = new WebSocketHarness(dir, "auth: {mode: jwt, secret: " + JWT_SECRET + "}")) {
            long now = System.currentTimeMillis() / 1000;
            String valid = jwt(JWT_SECRET, "{\"sub\":\"alice\",\"exp\":" + (now + 60) + "}");
            WsTestClient alice = WsTestClient.connect(ws.url("/?token=" + valid));
            assertThat(ws.awaitEvents(1).get(0).get("principal").asText()).isEqualTo("alice");
            alice.close();
            String otherKey = jwt("other-other-other-other-other-other", "{\"sub\":\"eve\",\"exp\":" + (now + 60) + "}");
            assertThat(WsTestClient.refusalStatus(ws.url("/?token=" + otherKey), Map.of())).isEqualTo(401);
            assertThat(WsTestClient.refusalStatus(ws.url("/?token=" + jwt(JWT_SECRET, "{\"sub\":\"bob\",\"exp\":" + (now - 120) + "}")),
                    Map.of())).isEqualTo(401);
        }
    }

    static final String JWT_SECRET = "k3y-k3y-k3y-k3y-k3y-k3y-k3y-k3y-k3y";

    static String jwt(String secret, String claims) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String head = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String body = b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return head + "." + body + "." + b64.encodeToString(mac.doFinal((head + "." + body).getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void closesAClientSendingAMessageOverMaxMessageSizeWith1009() throws Exception {
        try (var ws = new WebSocketHarness(dir, "max_message_size: 1KiB")) {
            WsTestClient small = WsTestClient.connect(ws.url("/"));
            WsTestClient big = WsTestClient.connect(ws.url("/"));
            big.send("\"" + "x".repeat(2000) + "\"");
            assertThat(big.awaitClose()).isEqualTo(1009);
            small.send("\"ok\"");
            assertThat(small.awaitMessages(1)).containsExactly("ok");
            List<JsonNode> events = ws.awaitEvents(3);
            assertThat(events.get(2).get("code").asInt()).isEqualTo(1009);
            small.close();
        }
    }

    @Test
    void closesAClientSendingFasterThanMaxMessageRateWith1008AndServesTheOthers() throws Exception {
        try (var ws = new WebSocketHarness(dir, "max_message_rate: 5\nheartbeat_interval: 0")) {
            WsTestClient calm = WsTestClient.connect(ws.url("/"));
            WsTestClient flood = WsTestClient.connect(ws.url("/"));
            ws.awaitConnections(2);
            for (int i = 0; i < 50 && !flood.isClosed(); i++) {
                sendIfOpen(flood, "\"flood " + i + "\"");
            }
            // 1008 with the reason; 1006 when the JDK client was still writing as the close frame came in
            int code = flood.awaitClose();
            assertThat(code).isIn(1008, 1006);
            if (code == 1008) {
                assertThat(flood.closeReason()).isEqualTo("sending faster than max_message_rate");
            }
            // the burst (one second's worth) went through, the rest was refused
            await().atMost(Duration.ofSeconds(10)).until(() -> ws.messages().size() >= 5);
            assertThat(ws.messages().size()).isLessThanOrEqualTo(10);
            calm.send("\"still here\"");
            await().atMost(Duration.ofSeconds(10)).until(() -> calm.messages().contains("still here"));
            await().atMost(Duration.ofSeconds(10)).until(() -> ws.events().stream()
                    .anyMatch(e -> e.get("reason").asText().equals("message rate")));
            assertThat(ws.get("/metrics").body()).contains("reason=\"message_rate\"} 1");
            calm.close();
        }
    }

    @Test
    void heartbeatClosesAClientThatStopsAnsweringPings() throws Exception {
        // a timeout long enough that the answering client's pongs arrive on a loaded machine, short for the silent one
        try (var ws = new WebSocketHarness(dir, "heartbeat_interval: 500ms\nheartbeat_timeout: 2s")) {
            WsTestClient alive = WsTestClient.connect(ws.url("/"));
            try (RawWebSocket silent = RawWebSocket.open(ws.port, "/")) {
                await().atMost(Duration.ofSeconds(10)).until(() -> ws.events().stream()
                        .anyMatch(e -> e.get("reason").asText().equals("heartbeat timeout")));
                ws.awaitConnections(1);
                assertThat(alive.isClosed()).isFalse();
                assertThat(silent.serverClosed()).isTrue();
            }
            alive.send("\"still alive\"");
            assertThat(alive.awaitMessages(1)).containsExactly("still alive");
            alive.close();
        }
    }

    /** Sends unless the server has closed the connection meanwhile (the send then fails, as it should). */
    private static void sendIfOpen(WsTestClient client, String text) {
        try {
            client.send(text);
        } catch (java.util.concurrent.CompletionException e) {
            assertThat(client.isClosed() || e.getCause() instanceof java.io.IOException).isTrue();
        }
    }
}
