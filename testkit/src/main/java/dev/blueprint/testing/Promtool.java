package dev.blueprint.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Checks a Prometheus text exposition with Prometheus's own parser and linter: {@code promtool check metrics}
 * (Debian package {@code prometheus}, installed by {@code ./test}). Exit 1 means the text does not parse; exit 3
 * means it parses but the linter has advice, which is held against Blueprint's own families only (Micrometer's JVM
 * binders name a few metrics the linter dislikes, such as {@code system_cpu_count}).
 */
public final class Promtool {
    private static final List<String> OURS = List.of("blueprint_", "websocket_", "process_request", "process_worker", "redis_");

    private Promtool() {
    }

    /**
     * Fails unless {@code exposition} parses, and none of Blueprint's own families draws lint advice. Without
     * promtool the calling test is skipped (failed under {@code CI=true}): see {@link Tool#require()}.
     */
    public static void assertValid(String exposition) {
        Process p;
        try {
            p = new ProcessBuilder(Tool.PROMTOOL.require().toString(), "check", "metrics").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        try {
            String report = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("promtool check metrics:\n%s", report).isIn(0, 3);
            assertThat(report).as("promtool check metrics").doesNotContain("error while linting");
            List<String> ourAdvice = report.lines().filter(l -> OURS.stream().anyMatch(l::startsWith)).toList();
            assertThat(ourAdvice).as("promtool's advice on Blueprint's own metrics").isEmpty();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
