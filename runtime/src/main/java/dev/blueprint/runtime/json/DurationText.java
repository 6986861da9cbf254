package dev.blueprint.runtime.json;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints durations as blueprints write them: {@code 30} (seconds), {@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h}. */
public final class DurationText {
    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");
    /** What a {@link Duration} in nanoseconds can hold, which every component relies on: about 292 years. */
    private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000_000L;
    private static final String TOO_LONG = "is longer than the longest duration, " + MAX_SECONDS / 86_400 + "d (about 292 years)";

    private DurationText() {
    }

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("pt")) {
            try {
                return fitting(Duration.parse(text.trim()), text);
            } catch (java.time.format.DateTimeParseException | ArithmeticException e) {
                throw new IllegalArgumentException("expected an ISO-8601 duration such as PT30S, was '" + text + "'");
            }
        }
        Matcher m = FORMAT.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a duration such as 30 (seconds), 250ms, 2s, 5m or 1h, was '" + text + "'");
        }
        BigDecimal n = new BigDecimal(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        BigDecimal millis = switch (unit) {
            case "ms" -> n;
            case "s" -> n.multiply(BigDecimal.valueOf(1_000));
            case "m" -> n.multiply(BigDecimal.valueOf(60_000));
            case "h" -> n.multiply(BigDecimal.valueOf(3_600_000));
            default -> n.multiply(BigDecimal.valueOf(86_400_000));
        };
        BigDecimal nanos = millis.multiply(BigDecimal.valueOf(1_000_000));
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' " + TOO_LONG);
        }
        return Duration.ofNanos(nanos.longValue());
    }

    private static Duration fitting(Duration d, String text) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("a duration must not be negative, was '" + text + "'");
        }
        if (d.getSeconds() >= MAX_SECONDS) {
            throw new IllegalArgumentException("'" + text + "' " + TOO_LONG);
        }
        return d;
    }

    /** Seconds as written in YAML ({@code heartbeat_interval: 30}, {@code 0.5}). */
    public static Duration ofSeconds(double seconds) {
        if (seconds < 0 || Double.isNaN(seconds)) {
            throw new IllegalArgumentException("a duration must not be negative, was " + seconds);
        }
        if (seconds >= MAX_SECONDS) {
            throw new IllegalArgumentException(BigDecimal.valueOf(seconds).toPlainString() + " seconds " + TOO_LONG);
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** The shortest blueprint spelling: {@code 250ms}, {@code 30s}, {@code 5m}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
