package dev.blueprint.components.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that stops reading must not slow the others, and the bytes held for it stay within
 * max_pending_bytes (plus the kernel's socket buffers, which the server does not own).
 */
class WebSocketSlowConsumerTest {
    private static final int MESSAGES = 300;
    private static final int SIZE = 64 * 1024;
    // Large enough that the fast clients, which read in this same busy JVM, never fall a budget behind
    // (that made them count as slow under load); small enough that the stalled client (4 KiB receive
    // buffer, at most ~4 MiB of kernel send buffer) goes over it well before the 300 x 64 KiB have passed.
    private static final String BUDGET = "4MiB";
    private static final long BUDGET_BYTES = 4L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void disconnectsASlowConsumerWith1008WhileTheOthersGetEverything() throws Exception {
        try (var ws = new WebSocketHarness(dir, "max_pending_bytes: " + BUDGET + "\nslow_consumer: disconnect\nheartbeat_interval: 0")) {
            WsTestClient fast1 = WsTestClient.connect(ws.url("/"));
            WsTestClient fast2 = WsTestClient.connect(ws.url("/"));
            try (RawWebSocket slow = RawWebSocket.open(ws.port, "/")) {
                ws.awaitConnections(3);
                publish(fast1);
                assertThat(fast1.awaitMessages(MESSAGES)).hasSize(MESSAGES);
                assertThat(fast2.awaitMessages(MESSAGES)).hasSize(MESSAGES);
                List<JsonNode> reports = ws.awaitReports(MESSAGES);
                int dropped = reports.stream().mapToInt(r -> r.get("dropped").asInt()).sum();
                assertThat(dropped).isEqualTo(1);
                // while it closes, the slow client is reported disconnected once, not on every record
                int disconnected = reports.stream().mapToInt(r -> r.get("disconnected").asInt()).sum();
                assertThat(disconnected).isLessThanOrEqualTo(1);
                assertThat(reports.get(0).get("broadcast_to").asInt()).isEqualTo(3);
                assertThat(reports.get(MESSAGES - 1).get("broadcast_to").asInt()).isEqualTo(2);
                await().atMost(Duration.ofSeconds(10)).until(() -> ws.events().stream()
                        .anyMatch(e -> e.get("reason").asText().equals("slow consumer")));
                assertThat(ws.get("/metrics").body()).contains("reason=\"slow_consumer\"} 1");
            }
            fast1.close();
            fast2.close();
        }
    }

    @Test
    void dropsRecordsForASlowConsumerButKeepsItConnected() throws Exception {
        try (var ws = new WebSocketHarness(dir, "max_pending_bytes: " + BUDGET + "\nslow_consumer: drop\nheartbeat_interval: 0")) {
            WsTestClient fast = WsTestClient.connect(ws.url("/"));
            try (RawWebSocket slow = RawWebSocket.open(ws.port, "/")) {
                ws.awaitConnections(2);
                publish(fast);
                assertThat(fast.awaitMessages(MESSAGES)).hasSize(MESSAGES);
                List<JsonNode> reports = ws.awaitReports(MESSAGES);
                int handedToSlow = reports.stream().mapToInt(r -> r.get("broadcast_to").asInt() - 1).sum();
                int dropped = reports.stream().mapToInt(r -> r.get("dropped").asInt()).sum();
                assertThat(handedToSlow + dropped).isEqualTo(MESSAGES);
                assertThat(dropped).isPositive();
                // bounded: what was handed to the slow client is the budget plus what the kernel buffers took
                assertThat((long) handedToSlow * SIZE).isLessThan(BUDGET_BYTES + 12L * 1024 * 1024);
                assertThat(ws.get("/health").body()).contains("\"connections\":2");
            }
            fast.close();
        }
    }

    /**
     * Sends the messages, never more than 16 (1 MiB) ahead of what the publisher (a fast client itself) has
     * received back: on a busy machine an unpaced publisher let the fast clients, reading in this same JVM,
     * fall a whole budget behind and count as slow too.
     */
    private static void publish(WsTestClient publisher) {
        String pad = "x".repeat(SIZE - 20);
        for (int i = 0; i < MESSAGES; i++) {
            int sent = i;
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> publisher.messages().size() >= sent - 16);
            publisher.send("\"" + String.format("%06d", i) + pad + "\"");
        }
    }
}
