package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The WebSocket component's dashboard page in real headless Chromium, served by the CLI jar in a
 * subprocess: charts that grow, reconnecting after a restart, the token field, pause, filter and
 * pretty-print.
 */
class DashboardIT {
    private static final By STATE = By.id("state");
    private static final By VALUE_CHART = By.cssSelector(".chart[data-field='value']");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void realtimeDashboardDrawsGrowingChartsAndReconnectsAfterTheServerRestarts() throws Exception {
        Path blueprint = CliRunner.blueprint("realtime_dashboard.yaml");
        // five records a second instead of one, so that the charts fill in a few seconds
        CliRunner.Running first = CliRunner.start(Map.of(), "run", blueprint.toString(),
                "--set", "websocket_server.port=0", "--set", "metrics_source.rate=5");
        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            int port = first.httpPort();
            awaitReady(port);
            chromium.open("http://127.0.0.1:" + port + "/");
            awaitState(chromium, "connected");
            await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat(points(chromium)).isGreaterThanOrEqualTo(5));
            int before = points(chromium);
            await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat(points(chromium)).isGreaterThan(before));
            assertThat(chromium.attribute(By.cssSelector(".chart[data-field='seq']"), "data-points")).isNotNull();
            await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat(points(chromium)).isGreaterThanOrEqualTo(40));
            HeadlessChromium.publish(chromium.screenshot("dashboard"));
            // no script error, no request that failed (the page loads its charting library from the server)
            assertThat(chromium.console()).noneMatch(line -> line.contains("SEVERE"));

            first.signal("TERM");
            assertThat(first.await(PATIENCE).exitCode()).isZero();
            awaitState(chromium, "reconnecting");
            int atRestart = points(chromium);
            // a server that is down is not one that refused the handshake: no hint about tokens
            int closed = closes(chromium);
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(closes(chromium)).isGreaterThanOrEqualTo(closed + 2));
            assertThat(chromium.find(STATE).getText()).startsWith("reconnecting").doesNotContain("refused");

            try (CliRunner.Running second = CliRunner.start(Map.of(), "run", blueprint.toString(),
                    "--set", "websocket_server.port=" + port, "--set", "metrics_source.rate=5")) {
                awaitReady(port);
                awaitState(chromium, "connected");
                await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat(points(chromium)).isGreaterThanOrEqualTo(atRestart + 10));
                chromium.screenshot("dashboard-reconnected");
                second.signal("TERM");
                assertThat(second.await(PATIENCE).exitCode()).isZero();
            }
        } finally {
            first.close();
        }
    }

    @Test
    void theTokenFieldOpensAServerThatAsksForAToken(@TempDir Path dir) throws Exception {
        Path blueprint = CliRunner.write(dir, "guarded.yaml", """
                system:
                  name: guarded_dashboard
                  components:
                    - name: readings
                      type: Source
                      config: {rate: 5, template: {sensor: "s-1", temperature: "{{random}}"}}
                    - name: websocket_server
                      type: WebSocket
                      config: {port: 0, auth: {mode: tokens, tokens: ["open-sesame"]}}
                  bindings:
                    - {from_component: readings, to_component: websocket_server, stream_name: input}
                """);
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", blueprint.toString());
                HeadlessChromium chromium = HeadlessChromium.start()) {
            int port = run.httpPort();
            awaitReady(port);
            chromium.open("http://127.0.0.1:" + port + "/");
            // refused without a token (401 at the handshake): the page keeps trying, and says a token may be needed
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(chromium.find(STATE).getText())
                    .contains("reconnecting", "handshake refused: token needed?"));
            assertThat(chromium.driver().findElements(By.cssSelector(".chart"))).isEmpty();

            int refusals = closes(chromium);
            chromium.find(By.id("token")).sendKeys("wrong", Keys.ENTER);
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(closes(chromium)).isGreaterThan(refusals));
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(chromium.find(STATE).getText())
                    .contains("reconnecting", "handshake refused: wrong token?"));
            assertThat(chromium.driver().findElements(By.cssSelector(".chart"))).isEmpty();

            chromium.find(By.id("token")).clear();
            chromium.find(By.id("token")).sendKeys("open-sesame", Keys.ENTER);
            awaitState(chromium, "connected");
            By temperature = By.cssSelector(".chart[data-field='temperature']");
            await().atMost(PATIENCE).ignoreExceptions().untilAsserted(
                    () -> assertThat(Integer.parseInt(chromium.attribute(temperature, "data-points"))).isGreaterThanOrEqualTo(15));
            // the latest record per key: one row for sensor s-1
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(chromium.find(By.cssSelector("#latest tbody")).getText()).startsWith("s-1"));
            chromium.screenshot("dashboard-token");
        }
    }

    @Test
    void pauseFreezesTheViewAndFilterAndPrettyPrintRedrawTheLog() throws Exception {
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", CliRunner.blueprint("realtime_dashboard.yaml").toString(),
                "--set", "websocket_server.port=0", "--set", "metrics_source.rate=10");
                HeadlessChromium chromium = HeadlessChromium.start()) {
            int port = run.httpPort();
            awaitReady(port);
            chromium.open("http://127.0.0.1:" + port + "/");
            awaitState(chromium, "connected");
            await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat(points(chromium)).isGreaterThanOrEqualTo(3));

            chromium.find(By.id("pause")).click();
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(chromium.find(By.id("counts")).getText()).endsWith("(paused)"));
            int frozen = points(chromium);
            int frozenLines = logLines(chromium);
            int messages = messages(chromium);
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(messages(chromium)).isGreaterThan(messages + 10));
            assertThat(points(chromium)).isEqualTo(frozen);
            assertThat(logLines(chromium)).isEqualTo(frozenLines);
            chromium.find(By.id("pause")).click();
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(points(chromium)).isGreaterThan(frozen + 10));

            // one record the page received: its seq, e.g. "seq":17, appears in no other message
            Matcher seq = Pattern.compile("\"seq\":\\d+,").matcher(chromium.find(By.cssSelector("#log pre.in")).getText());
            assertThat(seq.find()).isTrue();
            chromium.find(By.id("filter")).sendKeys("no record contains this");
            assertThat(logLines(chromium)).isZero();
            chromium.find(By.id("filter")).clear();
            chromium.find(By.id("filter")).sendKeys(seq.group());
            assertThat(chromium.find(By.id("log")).getText()).contains(seq.group());
            assertThat(logLines(chromium)).isEqualTo(1);

            chromium.find(By.id("filter")).clear();
            chromium.find(By.id("filter")).sendKeys("seq");
            chromium.find(By.id("pretty")).click();
            assertThat(chromium.find(By.cssSelector("#log pre.in")).getText()).contains("{\n  \"seq\": ");
        }
    }

    private static void awaitReady(int port) {
        await().atMost(PATIENCE).ignoreExceptions().until(() -> CliRunner.httpGet(port, "/ready").statusCode() == 200);
    }

    private static void awaitState(HeadlessChromium chromium, String state) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(chromium.attribute(STATE, "data-state"))
                .as(() -> "page state; console: " + chromium.console()).isEqualTo(state));
    }

    private static int points(HeadlessChromium chromium) {
        return Integer.parseInt(chromium.attribute(VALUE_CHART, "data-points"));
    }

    private static int logLines(HeadlessChromium chromium) {
        return chromium.driver().findElements(By.cssSelector("#log pre.in")).size();
    }

    /** Connections closed so far, as the log says: each refused handshake is one. */
    private static int closes(HeadlessChromium chromium) {
        return (int) chromium.driver().findElements(By.cssSelector("#log pre.sys")).stream()
                .filter(e -> e.getText().contains("closed: ")).count();
    }

    private static int messages(HeadlessChromium chromium) {
        return Integer.parseInt(chromium.find(By.id("counts")).getText().split(" ")[0]);
    }
}
