package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code run --watch} says it did is what it did: the reload's log line names the components kept, restarted,
 * added and removed; a save that changes nothing that runs restarts nothing; a kept component's counters go on.
 */
@Timeout(120)
class WatchReloadIT {
    private static final String V1 = """
            system:
              name: counters
              components:
                - {name: src, type: Source, config: {variant: generator, rate: 50, template: {n: "{{seq}}"}}}
                - {name: ws, type: WebSocket, config: {port: 0, path: /}}
                - {name: audit, type: Sink, config: {variant: discard}}
              bindings:
                - {from: src, to: ws}
                - {from: src, to: audit}
            """;

    @TempDir
    Path dir;

    @Test
    void aReloadLogsWhatItKeptRestartedAddedAndRemovedAnUnchangedSaveRestartsNothingAndKeptCountersGoOn() throws Exception {
        Path file = CliRunner.write(dir, "pipe.yaml", V1);
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", "--watch", file.toString())) {
            int ops = run.opsPort();
            await("ws took 100 records").atMost(Duration.ofSeconds(30)).until(() -> recordsIn(ops, "ws") >= 100);

            // a comment is no change to what runs
            Files.writeString(file, "# the same pipeline\n" + V1);
            run.awaitStderr("pipe.yaml saved without a change to what runs; nothing restarted");
            assertThat(run.stderr()).doesNotContain("changed: kept running").doesNotContain("counters - reloaded");
            assertThat(count(run.stderr(), "counters - starting 3 components")).isEqualTo(1);

            long before = recordsIn(ops, "ws");
            Files.writeString(file, V1.replace("rate: 50", "rate: 60")
                    .replace("{name: audit, type: Sink, config: {variant: discard}}", "{name: archive, type: Sink, config: {variant: discard}}")
                    .replace("{from: src, to: audit}", "{from: src, to: archive}"));
            run.awaitStderr("counters - reloaded");
            assertThat(run.stderr()).contains("pipe.yaml changed: kept running: ws; restarted: src; added: archive; removed: audit");
            // the kept server's count goes on from where it stood; restarted from zero it would be a few records
            assertThat(recordsIn(ops, "ws")).as(run.stderr()).isGreaterThanOrEqualTo(before);
            await("ws counts on in the new pipeline").atMost(Duration.ofSeconds(30)).until(() -> recordsIn(ops, "ws") >= before + 50);

            run.signal("TERM");
            CliRunner.Result result = run.await(Duration.ofSeconds(30));
            assertThat(result.exitCode()).as(result.toString()).isZero();
        }
    }

    private static long recordsIn(int ops, String component) throws Exception {
        String metrics = CliRunner.httpGet(ops, "/metrics").body();
        Matcher m = Pattern.compile("blueprint_component_records_in_total\\{component=\"" + component + "\",[^}]*} (\\d+)").matcher(metrics);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
