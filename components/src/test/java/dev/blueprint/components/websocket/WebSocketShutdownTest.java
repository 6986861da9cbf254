package dev.blueprint.components.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebSocketShutdownTest {
    @TempDir
    Path dir;

    @Test
    void gracefulShutdownDeliversWhatWasQueuedThenClosesClientsWith1001() throws Exception {
        var ws = new WebSocketHarness(dir, "heartbeat_interval: 0");
        List<WsTestClient> clients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clients.add(WsTestClient.connect(ws.url("/")));
        }
        WsTestClient publisher = clients.get(0);
        String pad = "p".repeat(2000);
        for (int i = 0; i < 500; i++) {
            publisher.send("{\"i\":" + i + ",\"pad\":\"" + pad + "\"}");
        }
        ws.pipeline().stop();
        assertThat(ws.pipeline().awaitCompletion().succeeded()).isTrue();

        int broadcast = ws.reports().size();
        assertThat(broadcast).isPositive();
        assertThat(ws.reports()).allSatisfy(r -> assertThat(r.get("broadcast_to").asInt()).isEqualTo(5));
        for (WsTestClient c : clients) {
            assertThat(c.awaitClose()).isEqualTo(1001);
            assertThat(c.messages()).hasSize(broadcast);
            assertThat(c.closeReason()).isEqualTo("Going Away");
        }
        ws.close();
    }
}
