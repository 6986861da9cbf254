package dev.blueprint.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * When {@code run --watch} takes the watched files to have changed: it is shown the files as they are at each look,
 * each with a checksum of its content, and answers with the version to apply, or nothing yet. Kept apart from the
 * reload itself so that how a change is recognised can change on its own: {@link SettledChange} ({@code --watch-settle})
 * is the rule {@code run --watch} uses. Its {@code toString()} says the rule in the watch's first log line.
 */
interface ChangeRule {
    /** The checksum of a file that is not there (an editor saving by rename leaves none for a moment). */
    long MISSING = -1;

    /** How long to wait between looks. */
    Duration pollInterval();

    /**
     * Given the files as they are now ({@code nanoTime} from {@link System#nanoTime()}), the contents to apply when they
     * differ from what runs and the rule takes them as a change; else empty.
     */
    Optional<Map<Path, Long>> look(Map<Path, Long> now, long nanoTime);

    /** Records what now runs: the next change is measured against it. */
    void applied(Map<Path, Long> contents);

    /** What runs, as last {@linkplain #applied(Map) recorded}. */
    Map<Path, Long> applied();
}
