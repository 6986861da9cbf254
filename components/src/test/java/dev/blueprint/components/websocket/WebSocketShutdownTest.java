package dev.blueprint.components.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
        ws.awaitConnections(5);
        WsTestClient publisher = clients.get(0);
        String pad = "p".repeat(2000);
        for (int i = 0; i < 500; i++) {
            publisher.send("{\"i\":" + i + ",\"pad\":\"" + pad + "\"}");
        }
        // stop once broadcasting has begun: what clients sent but the server had not yet read when it stopped is
        // not a queued record, and on a busy machine the stop could otherwise come before the first one
        publisher.awaitMessages(1);
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

    @Test
    void everyClientWhoseHandshakeSucceededIsClosedWith1001EvenOneConnectingDuringTheStop() throws Exception {
        var ws = new WebSocketHarness(dir, "heartbeat_interval: 0");
        List<WsTestClient> opened = Collections.synchronizedList(new ArrayList<>());
        ExecutorService connecting = Executors.newFixedThreadPool(3);
        AtomicBoolean refused = new AtomicBoolean();
        for (int t = 0; t < 3; t++) {
            connecting.submit(() -> {
                // handshakes one after another until the server refuses them (503 while draining, then no listener)
                while (!refused.get()) {
                    try {
                        opened.add(WsTestClient.connect(ws.url("/")));
                    } catch (AssertionError e) {
                        refused.set(true);
                    }
                }
            });
        }
        await("30 clients connected").atMost(Duration.ofSeconds(10)).until(() -> opened.size() >= 30);
        ws.pipeline().stop();
        assertThat(ws.pipeline().awaitCompletion().succeeded()).isTrue();
        connecting.shutdown();
        assertThat(connecting.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        assertThat(refused).isTrue();
        for (WsTestClient c : opened) {
            assertThat(c.awaitClose()).as("close code of a client whose handshake succeeded").isEqualTo(1001);
        }
        ws.close();
    }

    @Test
    void readinessTurns503WhileDrainingAndNewHandshakesAreRefused() throws Exception {
        var ws = new WebSocketHarness(dir, "heartbeat_interval: 0\nslow_consumer: drop\nmax_pending_bytes: 8MiB");
        WsTestClient publisher = WsTestClient.connect(ws.url("/"));
        try (RawWebSocket stuck = RawWebSocket.open(ws.port, "/")) {
            ws.awaitConnections(2);
            String pad = "q".repeat(60_000);
            for (int i = 0; i < 100; i++) {
                publisher.send("\"" + i + pad + "\"");
            }
            publisher.awaitMessages(100); // the stuck client now holds megabytes the server cannot write
            assertThat(ws.get("/ready").statusCode()).isEqualTo(200);
            ws.pipeline().stop(); // draining waits for the stuck client's bytes (bounded by the grace period)
            await().atMost(Duration.ofSeconds(2))
                    .until(() -> ws.get("/ready").statusCode() == 503);
            // first, while the drain surely lasts (the transport closes before the 5 s grace period ends)
            assertThat(WsTestClient.refusalStatus(ws.url("/"), Map.of())).isEqualTo(503);
            assertThat(ws.get("/ready").body()).isEqualTo("{\"status\":\"not_ready\"}");
            assertThat(ws.get("/health").statusCode()).isEqualTo(200);
            assertThat(ws.pipeline().awaitCompletion().succeeded()).isTrue();
        }
        assertThat(publisher.awaitClose()).isEqualTo(1001);
        ws.close();
    }
}
