package dev.blueprint.components.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blueprint.testing.Promtool;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebSocketHttpTest {
    @TempDir
    Path dir;

    @Test
    void servesHealthReadinessMetricsAndTheBrowserClient() throws Exception {
        try (var ws = new WebSocketHarness(dir, "path: /ws")) {
            WsTestClient a = WsTestClient.connect(ws.url("/ws"));
            WsTestClient b = WsTestClient.connect(ws.url("/ws"));
            ws.awaitConnections(2); // a broadcast reaches only the clients the server has counted in
            a.send("{\"hello\":1}");
            b.awaitMessages(1);
            ws.awaitReports(1);

            await().atMost(Duration.ofSeconds(5)).until(() -> ws.get("/health").body().contains("\"connections\":2"));
            HttpResponse<String> health = ws.get("/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).matches("\\{\"status\":\"healthy\",\"connections\":2,\"uptime_seconds\":\\d+}");
            assertThat(health.headers().firstValue("Content-Type")).hasValue("application/json");

            HttpResponse<String> ready = ws.get("/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("{\"status\":\"ready\"}");

            String metrics = ws.get("/metrics").body();
            assertThat(metrics)
                    .contains("# TYPE websocket_connections_active gauge", "websocket_connections_active{component=\"ws\"} 2.0")
                    .contains("websocket_messages_received_total{component=\"ws\"} 1.0")
                    .contains("websocket_messages_sent_total{component=\"ws\"} 2.0")
                    .contains("websocket_bytes_sent_total{component=\"ws\"} 26.0")
                    .contains("# TYPE websocket_broadcast_duration_seconds histogram",
                            "websocket_broadcast_duration_seconds_count{component=\"ws\"} 1",
                            "websocket_broadcast_duration_seconds_bucket{component=\"ws\",le=\"+Inf\"} 1")
                    .contains("blueprint_component_records_in_total{component=\"ws\",type=\"WebSocket\"} 1.0")
                    .contains("blueprint_component_records_out_total{component=\"reports\",type=\"Sink\"} 0.0")
                    .contains("blueprint_binding_delivered_total{binding=\"ws.output -> reports.input\"} 1.0");
            assertThat(metrics).contains("blueprint_component_awaiting_ack{component=\"ws\",type=\"WebSocket\"} 0.0");
            Promtool.assertValid(metrics);

            HttpResponse<String> page = ws.get("/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.body()).contains("<title>Blueprint live dashboard</title>", "new WebSocket(",
                    "ws://HOST:" + ws.port + "/ws");
            assertThat(ws.get("/nope").statusCode()).isEqualTo(404);
            a.close();
            b.close();
        }
    }

    @Test
    void servesTheDashboardsChartingLibraryFromTheJar() throws Exception {
        try (var ws = new WebSocketHarness(dir, "path: /ws")) {
            String page = ws.get("/").body();
            assertThat(page).contains("src=\"assets/uPlot.iife.min.js\"", "href=\"assets/uPlot.min.css\"").doesNotContain("://cdn");

            HttpResponse<String> script = ws.get("/assets/uPlot.iife.min.js");
            assertThat(script.statusCode()).isEqualTo(200);
            assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
            assertThat(script.headers().firstValue("Cache-Control")).hasValue("public, max-age=86400");
            assertThat(script.body()).startsWith("/*! https://github.com/leeoniya/uPlot").contains("var uPlot");

            HttpResponse<String> style = ws.get("/assets/uPlot.min.css");
            assertThat(style.statusCode()).isEqualTo(200);
            assertThat(style.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
            assertThat(style.body()).contains(".uplot");
            assertThat(ws.get("/assets/uPlot.d.ts").statusCode()).isEqualTo(404);
        }
    }
}
