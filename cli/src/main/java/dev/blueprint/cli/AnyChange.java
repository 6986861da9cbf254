package dev.blueprint.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A change is applied at the first look that sees it, with one exception: a file that is missing is looked at once
 * more before that counts, because an editor saving by rename leaves no file for a moment.
 */
final class AnyChange implements ChangeRule {
    /** Fast enough to feel immediate, cheap for a few small files. */
    private static final Duration POLL = Duration.ofMillis(250);

    private Map<Path, Long> applied;
    private boolean missingBefore;

    AnyChange(Map<Path, Long> applied) {
        this.applied = Map.copyOf(applied);
    }

    @Override
    public Duration pollInterval() {
        return POLL;
    }

    @Override
    public Optional<Map<Path, Long>> look(Map<Path, Long> now, long nanoTime) {
        if (now.containsValue(MISSING) && !missingBefore) {
            missingBefore = true;
            return Optional.empty();
        }
        missingBefore = false;
        return now.equals(applied) ? Optional.empty() : Optional.of(now);
    }

    @Override
    public void applied(Map<Path, Long> contents) {
        applied = Map.copyOf(contents);
    }

    @Override
    public Map<Path, Long> applied() {
        return applied;
    }
}
