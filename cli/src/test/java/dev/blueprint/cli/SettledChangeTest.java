package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settle rule on its own, with the clock given: a change counts once it has stayed the same for the settle time. */
class SettledChangeTest {
    private static final Path FILE = Path.of("pipe.yaml");
    private static final long MS = 1_000_000;

    @Test
    void aChangeIsReportedOnlyAfterItHasStayedTheSameForTheSettleTime() {
        SettledChange files = new SettledChange(Duration.ofMillis(500), Map.of(FILE, 1L));
        assertThat(files.look(Map.of(FILE, 2L), 0)).isEmpty();
        assertThat(files.look(Map.of(FILE, 2L), 499 * MS)).isEmpty();
        assertThat(files.look(Map.of(FILE, 2L), 500 * MS)).contains(Map.of(FILE, 2L));
    }

    @Test
    void aSecondPartWrittenWithinTheSettleTimeRestartsTheWait() {
        SettledChange files = new SettledChange(Duration.ofMillis(500), Map.of(FILE, 1L));
        assertThat(files.look(Map.of(FILE, 2L), 0)).isEmpty(); // the first part, valid on its own
        assertThat(files.look(Map.of(FILE, 3L), 400 * MS)).isEmpty(); // the rest
        assertThat(files.look(Map.of(FILE, 3L), 800 * MS)).isEmpty();
        assertThat(files.look(Map.of(FILE, 3L), 900 * MS)).contains(Map.of(FILE, 3L));
    }

    @Test
    void aChangeDuringAReloadIsReportedAfterIt() {
        SettledChange files = new SettledChange(Duration.ofMillis(100), Map.of(FILE, 1L));
        files.look(Map.of(FILE, 2L), 0);
        assertThat(files.look(Map.of(FILE, 2L), 100 * MS)).contains(Map.of(FILE, 2L));
        // the caller reloads version 2; meanwhile version 3 is saved; it records what it loaded, not what is on disk
        files.applied(Map.of(FILE, 2L));
        assertThat(files.look(Map.of(FILE, 3L), 1000 * MS)).isEmpty();
        assertThat(files.look(Map.of(FILE, 3L), 1100 * MS)).contains(Map.of(FILE, 3L));
    }

    @Test
    void goingBackToWhatRunsIsNoChange() {
        SettledChange files = new SettledChange(Duration.ofMillis(100), Map.of(FILE, 1L));
        files.look(Map.of(FILE, SettledChange.MISSING), 0); // saved by rename: gone for a moment
        assertThat(files.look(Map.of(FILE, 1L), 200 * MS)).isEmpty();
        assertThat(files.look(Map.of(FILE, 1L), 400 * MS)).isEmpty();
    }
}
