package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The dashboard page of multi-feed-dashboard.yaml in headless Chromium: it subscribes to the channels its address
 * names, recovers what it missed while disconnected ("recovered N missed"), and says "gap" when a restarted server
 * no longer has it.
 */
class DashboardRecoveryIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final By RECOVERY = By.id("recovery");
    private static final By STATE = By.id("state");
    private static final By CONNECT = By.id("connect");

    @Test
    void thePageRecoversWhatItMissedAfterAReconnectAndSaysGapAfterARestart() throws Exception {
        Path blueprint = CliRunner.blueprint("multi-feed-dashboard.yaml");
        CliRunner.Running first = CliRunner.start(Map.of("PORT", "0"), "run", "--http", "off", blueprint.toString(),
                "--set", "prices.interval=100ms", "--set", "sensors.interval=200ms");
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            int port = first.port("dashboard");
            awaitReady(port);
            chromium.open("http://127.0.0.1:" + port + "/?channel=prices&channel=sensors");
            awaitState(chromium, "connected");
            await("charts per channel").atMost(PATIENCE).ignoreExceptions().until(() ->
                    !chromium.driver().findElements(By.cssSelector(".chart[data-field='prices/price']")).isEmpty()
                    && !chromium.driver().findElements(By.cssSelector(".chart[data-field='sensors/temperature']")).isEmpty());

            chromium.find(CONNECT).click(); // disconnect: records go on being sent to the channels meanwhile
            awaitState(chromium, "disconnected");
            try (JsonClient witness = JsonClient.connect("ws://127.0.0.1:" + port + "/ws?channel=prices")) {
                await("ten prices sent while the page was away").atMost(PATIENCE).until(() -> witness.messages().size() >= 10);
            }
            chromium.find(CONNECT).click();
            awaitState(chromium, "connected");
            await("the page says what it recovered").atMost(PATIENCE).ignoreExceptions()
                    .until(() -> chromium.find(RECOVERY).getText().matches("recovered \\d+ missed on prices|recovered \\d+ missed on sensors"));
            await("prices recovered").atMost(PATIENCE).ignoreExceptions()
                    .until(() -> recovered(chromium.driver().findElements(By.cssSelector("#log pre.sys")).stream()
                            .map(e -> e.getText()).filter(t -> t.contains("missed on prices")).findFirst().orElse("")) >= 10);
            HeadlessChromium.publish(chromium.screenshot("dashboard-recovered"));
            assertThat(chromium.console()).noneMatch(line -> line.contains("SEVERE"));

            first.signal("TERM");
            assertThat(first.await(PATIENCE).exitCode()).isZero();
            awaitState(chromium, "reconnecting");
            try (CliRunner.Running second = CliRunner.start(Map.of("PORT", String.valueOf(port)), "run", "--http", "off",
                    blueprint.toString(), "--set", "prices.interval=100ms")) {
                awaitReady(port);
                awaitState(chromium, "connected");
                await("a restarted server without Redis has another epoch: the page says gap").atMost(PATIENCE).ignoreExceptions()
                        .until(() -> chromium.find(RECOVERY).getText().startsWith("gap on "));
                assertThat(chromium.attribute(RECOVERY, "data-kind")).isEqualTo("gap");
                second.signal("TERM");
                assertThat(second.await(PATIENCE).exitCode()).isZero();
            }
        } finally {
            first.close();
        }
    }

    private static int recovered(String text) {
        Matcher m = Pattern.compile("recovered (\\d+) missed").matcher(text);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static void awaitReady(int port) {
        await().atMost(PATIENCE).ignoreExceptions().until(() -> CliRunner.httpGet(port, "/ready").statusCode() == 200);
    }

    private static void awaitState(HeadlessChromium chromium, String state) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(chromium.attribute(STATE, "data-state"))
                .as(() -> "page state; console: " + chromium.console()).isEqualTo(state));
    }
}
