package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The ops pipeline page of a six-stage chain in a 1280 px wide window: every component is in view without scrolling
 * sideways, with the detail panel closed and open.
 */
class PipelinePageWidthIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final List<String> CHAIN = List.of("readings", "raw_log", "by_room", "per_room", "alerts", "archive");

    @TempDir
    Path dir;

    @Test
    void aSixStageChainFitsA1280PixelWindowWithAndWithoutTheDetailPanel() throws Exception {
        Path blueprint = CliRunner.write(dir, "chain.yaml", """
                system:
                  name: chain
                  components:
                    - {name: readings, type: Source, config: {rate: 5, template: {room: kitchen, celsius: 21}}}
                    - {name: raw_log, type: Transformer, config: {expression: '.'}}
                    - {name: by_room, type: Filter, config: {condition: '.room != null'}}
                    - {name: per_room, type: StreamProcessor, config: {variant: window, key: .room, field: .celsius, duration: 1s}}
                    - {name: alerts, type: Transformer, config: {expression: '{room: .key, avg}'}}
                    - {name: archive, type: Sink, config: {variant: discard}}
                  bindings:
                    - {from: readings, to: raw_log}
                    - {from: raw_log, to: by_room}
                    - {from: by_room, to: per_room}
                    - {from: per_room, to: alerts}
                    - {from: alerts, to: archive}
                """);
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", blueprint.toString());
                HeadlessChromium chromium = HeadlessChromium.start()) {
            int ops = run.opsPort();
            await().atMost(PATIENCE).ignoreExceptions().until(() -> CliRunner.httpGet(ops, "/ready").statusCode() == 200);
            chromium.open("http://127.0.0.1:" + ops + "/");
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(chromium.attribute(By.id("state"), "data-state")).isEqualTo("live"));
            assertThat(width(chromium, "window.innerWidth")).as("the window the test asked for").isEqualTo(1280);
            assertEveryComponentInView(chromium);
            chromium.screenshot("pipeline-page-1280");

            chromium.find(By.id("node-per_room")).click();
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(chromium.find(By.id("detail")).getText()).contains("per_room"));
            assertEveryComponentInView(chromium);
            chromium.screenshot("pipeline-page-1280-detail");
        }
    }

    private static void assertEveryComponentInView(HeadlessChromium chromium) {
        long viewport = width(chromium, "document.getElementById('graph').getBoundingClientRect().right");
        assertThat(width(chromium, "document.documentElement.scrollWidth")).as("page width").isLessThanOrEqualTo(1280);
        assertThat(width(chromium, "document.getElementById('graph').scrollWidth - document.getElementById('graph').clientWidth"))
                .as("sideways scroll of the graph").isLessThanOrEqualTo(0);
        for (String name : CHAIN) {
            assertThat(width(chromium, "document.getElementById('node-" + name + "').getBoundingClientRect().right"))
                    .as(name + "'s right edge").isLessThanOrEqualTo(viewport);
        }
    }

    private static long width(HeadlessChromium chromium, String expression) {
        return Math.round(((Number) ((JavascriptExecutor) chromium.driver()).executeScript("return " + expression + ";")).doubleValue());
    }
}
