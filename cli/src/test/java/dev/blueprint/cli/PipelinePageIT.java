package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The ops server's live pipeline page in real headless Chromium, for a blueprint run by the CLI jar in a subprocess. */
class PipelinePageIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final List<String> COMPONENTS = List.of("user_events", "system_alerts", "event_merger", "websocket_broadcaster");

    @Test
    void showsEveryComponentWithMovingRatesAndAClickedComponentsTappedRecords() throws Exception {
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", CliRunner.blueprint("live_updates.yaml").toString(),
                "--set", "websocket_broadcaster.port=0", "--set", "user_events.rate=20", "--set", "system_alerts.rate=5");
                HeadlessChromium chromium = HeadlessChromium.start()) {
            int ops = run.opsPort();
            await().atMost(PATIENCE).ignoreExceptions().until(() -> CliRunner.httpGet(ops, "/ready").statusCode() == 200);
            chromium.open("http://127.0.0.1:" + ops + "/");
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(chromium.attribute(By.id("state"), "data-state"))
                    .as(() -> "page state; console: " + chromium.console()).isEqualTo("live"));
            assertThat(chromium.find(By.id("system")).getText()).isEqualTo("live_updates");
            for (String name : COMPONENTS) {
                assertThat(chromium.find(By.id("node-" + name)).getText()).contains(name);
            }

            // rates that change: the source's total out grows from one push to the next, and its rate is not zero
            By sourceOut = By.cssSelector("#node-user_events .out");
            await().atMost(PATIENCE).ignoreExceptions().until(() -> total(chromium, sourceOut) > 0);
            long before = total(chromium, sourceOut);
            await().atMost(PATIENCE).ignoreExceptions().until(() -> total(chromium, sourceOut) > before);
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(chromium.find(sourceOut).getText()).matches("out \\d+(\\.\\d)?/s")
                    .isNotEqualTo("out 0/s"));
            assertThat(chromium.driver().findElements(By.cssSelector(".edge"))).hasSize(3);

            // a click shows the component's config and, once its tap is on, the records it sends
            chromium.find(By.id("node-event_merger")).click();
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(chromium.find(By.id("detail")).getText())
                    .contains("event_merger", "StreamProcessor", "\"variant\": \"joining\"").containsIgnoringCase("config"));
            await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
                List<WebElement> tapped = chromium.driver().findElements(By.cssSelector("#detail pre.tapped"));
                assertThat(tapped).hasSizeBetween(3, 20);
                assertThat(tapped.get(0).getText()).startsWith("{");
            });
            HeadlessChromium.publish(chromium.screenshot("pipeline-page"));
            assertThat(chromium.console()).noneMatch(line -> line.contains("SEVERE"));

            run.signal("TERM");
            assertThat(run.await(PATIENCE).exitCode()).isZero();
            // the page notices the run is gone and keeps trying
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(chromium.attribute(By.id("state"), "data-state")).isEqualTo("down"));
        }
    }

    private static long total(HeadlessChromium chromium, By by) {
        return Long.parseLong(chromium.attribute(by, "data-total"));
    }
}
