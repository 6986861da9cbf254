package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The dashboard page charts a field per key: records of two rooms give the {@code avg} chart one line per room (a
 * window's average per room no longer zigzags between them), and the key field itself is not charted.
 */
class DashboardKeysIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final By AVG_CHART = By.cssSelector(".chart[data-field='avg']");

    @TempDir
    Path dir;

    @Test
    void aFieldOfRecordsWithAKeyIsChartedAsOneLinePerKey() throws Exception {
        Path blueprint = CliRunner.write(dir, "rooms.yaml", """
                system:
                  name: rooms
                  components:
                    - {name: kitchen, type: Source, config: {rate: 10, template: {room: kitchen, avg: 21, id: 1}}}
                    - {name: garage, type: Source, config: {rate: 10, template: {room: garage, avg: 6, id: 2}}}
                    - {name: dashboard, type: WebSocket, config: {port: 0}}
                  bindings:
                    - {from: kitchen, to: dashboard}
                    - {from: garage, to: dashboard}
                """);
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", blueprint.toString());
                HeadlessChromium chromium = HeadlessChromium.start()) {
            int port = run.httpPort();
            await().atMost(PATIENCE).ignoreExceptions().until(() -> CliRunner.httpGet(port, "/ready").statusCode() == 200);
            chromium.open("http://127.0.0.1:" + port + "/");
            await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
                assertThat(chromium.attribute(AVG_CHART, "data-keys")).isEqualTo("2");
                assertThat(Integer.parseInt(chromium.attribute(AVG_CHART, "data-points"))).isGreaterThanOrEqualTo(20);
            });
            // the legend names the keys, each its own line
            assertThat(chromium.find(AVG_CHART).getText()).contains("kitchen", "garage");
            // room is the key; id, a number but not the key here, is charted per room too
            assertThat(chromium.driver().findElements(By.cssSelector(".chart[data-field='room']"))).isEmpty();
            assertThat(chromium.attribute(By.cssSelector(".chart[data-field='id']"), "data-keys")).isEqualTo("2");
            chromium.screenshot("dashboard-keys");
            assertThat(chromium.console()).noneMatch(line -> line.contains("SEVERE"));
        }
    }
}
