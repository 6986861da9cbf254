package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --watch} never deploys a half-saved file: an editor that writes the blueprint in two parts, the first
 * of them a valid blueprint on its own, gets only the finished version deployed, every time. The writer
 * paused 0.1 to 1 s between the parts against a settle time above that; to keep the run short this test uses a
 * settle of {@value #SETTLE_MS} ms and pauses scaled to it, from a tenth to a half of it (the other half is room for a
 * loaded machine's late writer: a pause that really lasted the settle time would rightly deploy the first part).
 */
@Timeout(300)
class WatchSettleIT {
    private static final int ROUNDS = 50;
    private static final long SETTLE_MS = 400;
    /** Valid on its own: one generator, nothing bound (what a half-saved file deployed: "starting 1 components"). */
    private static final String FIRST_PART = """
            system:
              name: rounds
              components:
                - {name: gen, type: Source, config: {variant: generator, rate: 20, template: {n: "{{seq}}"}}}
            """;

    @TempDir
    Path dir;

    private static String rest(int round) {
        return """
                    - {name: sink_%d, type: Sink, config: {variant: discard}}
                  bindings:
                    - {from: gen, to: sink_%d}
                """.formatted(round, round);
    }

    @Test
    void aFileWrittenInTwoPartsIsDeployedOnlyOnceFinishedEveryTime() throws Exception {
        Path file = CliRunner.write(dir, "rounds.yaml", FIRST_PART + rest(0));
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", "--watch", "--watch-settle", SETTLE_MS + "ms", file.toString())) {
            run.awaitStderr("rounds - watching");
            for (int round = 1; round <= ROUNDS; round++) {
                long gap = SETTLE_MS / 10 + (SETTLE_MS * 4 / 10) * (round - 1) / (ROUNDS - 1);
                OutputStream out = Files.newOutputStream(file); // truncates, as an editor saving in place does
                out.write(FIRST_PART.getBytes(StandardCharsets.UTF_8));
                out.flush();
                String rest = rest(round);
                // the editor's pause, then the rest of the file
                writer.schedule(() -> {
                    out.write(rest.getBytes(StandardCharsets.UTF_8));
                    out.close();
                    return null;
                }, gap, TimeUnit.MILLISECONDS).get();
                int expected = round;
                await("round " + round + " (pause " + gap + " ms) deployed").atMost(Duration.ofSeconds(20))
                        .until(() -> count(run.stderr(), "rounds - reloaded") == expected);
                assertThat(run.stderr()).contains("added: sink_" + round + "; removed: sink_" + (round - 1));
            }
            String log = run.stderr();
            // one reload per round, each to the finished file: a half-saved one would show as a start of 1 component
            assertThat(count(log, "rounds - rounds.yaml changed:")).as(log).isEqualTo(ROUNDS);
            assertThat(log).doesNotContain("starting 1 components").doesNotContain("changed while reloading");
            assertThat(count(log, "rounds - starting 2 components, 1 bindings")).isEqualTo(ROUNDS + 1);
            run.signal("TERM");
            assertThat(run.await(Duration.ofSeconds(30)).exitCode()).isZero();
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    void aVersionSavedDuringAReloadIsAppliedAfterIt() throws Exception {
        Path file = CliRunner.write(dir, "slow.yaml", """
                system:
                  name: slow
                  components:
                    - {name: gen, type: Source, config: {variant: generator, rate: 20, template: {n: "{{seq}}"}}}
                    - {name: first, type: Sink, config: {variant: discard}}
                  bindings:
                    - {from: gen, to: first}
                """);
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", "--watch", "--watch-settle", "100ms", file.toString())) {
            run.awaitStderr("slow - watching");
            Files.writeString(file, Files.readString(file).replace("first", "second"));
            // saved again as soon as the reload begins, before it has finished
            run.awaitStderr("slow - slow.yaml changed:");
            Files.writeString(file, Files.readString(file).replace("second", "third"));
            await("the version saved during the reload runs").atMost(Duration.ofSeconds(20))
                    .until(() -> run.stderr().contains("added: third; removed: second") || run.stderr().contains("added: third; removed: first"));
            // the signal may land while that reload is still under way: the version it starts must stop too
            run.signal("TERM");
            assertThat(run.await(Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
