package dev.blueprint.api;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of bytes, written in a blueprint as a plain number or with a unit: {@code 512}, {@code 64KiB},
 * {@code 1MiB}, {@code 2GiB} (also {@code KB}/{@code MB}/{@code GB} as powers of 1000, {@code K}/{@code M}/{@code G} as
 * powers of 1024).
 *
 * @param bytes the size in bytes, never negative
 */
public record DataSize(long bytes) {
    private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*([A-Za-z]*)");

    public DataSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size must not be negative, was " + bytes);
        }
    }

    /** A size in bytes. */
    public static DataSize ofBytes(long bytes) {
        return new DataSize(bytes);
    }

    /** A size in KiB. */
    public static DataSize ofKiB(long kib) {
        return new DataSize(kib * 1024);
    }

    /** A size in MiB. */
    public static DataSize ofMiB(long mib) {
        return new DataSize(mib * 1024 * 1024);
    }

    /**
     * Parses {@code 64KiB} and friends.
     *
     * @throws IllegalArgumentException naming the accepted forms when {@code text} is not a size
     */
    public static DataSize parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a size such as 1048576, 64KiB or 1MiB, was '" + text + "'");
        }
        java.math.BigInteger n = new java.math.BigInteger(m.group(1));
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1L;
            case "k", "kib" -> 1024L;
            case "m", "mib" -> 1024L * 1024;
            case "g", "gib" -> 1024L * 1024 * 1024;
            case "kb" -> 1000L;
            case "mb" -> 1000L * 1000;
            case "gb" -> 1000L * 1000 * 1000;
            default -> throw new IllegalArgumentException(
                    "unknown size unit '" + m.group(2) + "' in '" + text + "': use B, KiB, MiB or GiB");
        };
        java.math.BigInteger bytes = n.multiply(java.math.BigInteger.valueOf(unit));
        if (bytes.bitLength() >= Long.SIZE) {
            throw new IllegalArgumentException("'" + text + "' is larger than the largest size, " + Long.MAX_VALUE + " bytes (8 EiB)");
        }
        return new DataSize(bytes.longValue());
    }

    @Override
    public String toString() {
        if (bytes != 0 && bytes % (1024L * 1024 * 1024) == 0) {
            return bytes / (1024L * 1024 * 1024) + "GiB";
        }
        if (bytes != 0 && bytes % (1024L * 1024) == 0) {
            return bytes / (1024L * 1024) + "MiB";
        }
        if (bytes != 0 && bytes % 1024 == 0) {
            return bytes / 1024 + "KiB";
        }
        return Long.toString(bytes);
    }
}
