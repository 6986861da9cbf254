package dev.blueprint.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * When a set of watched files has changed and then stayed as it is for the settle time: the files an editor is
 * still writing (one part now, the rest a moment later) are not reported until it has finished, so a valid first
 * part is never taken for the new version. What the caller applied is remembered by content, not by when it was
 * applied, so a change that lands while the caller is busy reloading is seen on the next look and reported once it
 * has settled too.
 */
final class SettledChange implements ChangeRule {
    private final Duration settle;
    /** The contents the caller runs, by checksum. */
    private Map<Path, Long> applied;
    /** The contents last seen that differ from {@link #applied}, or null; and since when they have been seen unchanged. */
    private Map<Path, Long> seen;
    private long seenSince;

    SettledChange(Duration settle, Map<Path, Long> applied) {
        this.settle = settle;
        this.applied = Map.copyOf(applied);
    }

    /** How often to look: often enough that a settled change is taken within a fifth of the settle time, at most 4 times a second. */
    @Override
    public Duration pollInterval() {
        return Duration.ofMillis(Math.max(10, Math.min(250, settle.toMillis() / 5)));
    }

    /**
     * Given the files as they are now ({@code nanoTime} from {@link System#nanoTime()}), the contents to apply when
     * they differ from what runs and have not changed for the settle time; else empty.
     */
    @Override
    public Optional<Map<Path, Long>> look(Map<Path, Long> now, long nanoTime) {
        if (now.equals(applied)) {
            seen = null;
            return Optional.empty();
        }
        if (!now.equals(seen)) {
            seen = Map.copyOf(now);
            seenSince = nanoTime;
        }
        return nanoTime - seenSince >= settle.toNanos() ? Optional.of(seen) : Optional.empty();
    }

    /** Records what the caller now runs: the next change is measured against it. */
    @Override
    public void applied(Map<Path, Long> contents) {
        applied = Map.copyOf(contents);
        if (contents.equals(seen)) {
            seen = null;
        }
    }

    /** What runs, as last {@linkplain #applied recorded}. */
    @Override
    public Map<Path, Long> applied() {
        return applied;
    }

    /** {@code applied once unchanged for 500 ms}, as the watch logs it. */
    @Override
    public String toString() {
        return "applied once unchanged for " + settle.toMillis() + " ms";
    }

    /** Each file with the checksum of its content, {@link #MISSING} when it cannot be read. */
    static Map<Path, Long> fingerprints(Collection<Path> files) {
        Map<Path, Long> sums = new LinkedHashMap<>();
        for (Path f : files) {
            sums.put(f, checksum(f));
        }
        return sums;
    }

    static long checksum(Path f) {
        try {
            return checksum(Files.readAllBytes(f));
        } catch (IOException e) {
            return MISSING;
        }
    }

    static long checksum(byte[] content) {
        CRC32 crc = new CRC32();
        crc.update(content);
        return crc.getValue();
    }
}
