package dev.blueprint.components.jq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * jq's "broken down time", C's {@code struct tm} as an array: {@code [year, month (0-11), day of month (1-31), hours,
 * minutes, seconds (with jq 1.6's fraction), day of week (0 = Sunday), day of year (0-365)]}.
 */
record BrokenDownTime(int year, int month, int day, int hour, int minute, double second, int weekday, int yearDay) {

    /** C's gmtime (or localtime in {@code zone}) of epoch seconds, the fraction kept in the seconds as jq 1.6 does. */
    static BrokenDownTime of(double epochSeconds, ZoneId zone) {
        long whole = (long) epochSeconds; // C converts to time_t by truncation
        ZonedDateTime t = java.time.Instant.ofEpochSecond(whole).atZone(zone);
        return of(t.toLocalDateTime(), t.getSecond() + (epochSeconds - Math.floor(epochSeconds)));
    }

    static BrokenDownTime of(LocalDateTime t, double second) {
        return new BrokenDownTime(t.getYear(), t.getMonthValue() - 1, t.getDayOfMonth(), t.getHour(), t.getMinute(), second,
                t.getDayOfWeek().getValue() % 7, t.getDayOfYear() - 1);
    }

    /**
     * Reads an array as jq's {@code jv2tm} does: every field a number; {@code what} names the function in the error
     * ("strftime/1 requires parsed datetime inputs").
     */
    static BrokenDownTime read(JsonNode a, String error) throws JsonQueryException {
        if (!a.isArray()) {
            throw new JsonQueryException(error);
        }
        double[] f = new double[8];
        for (int i = 0; i < 8; i++) {
            JsonNode n = a.get(i);
            if (n == null || !n.isNumber()) { // all eight, as jq's jv2tm wants them
                throw new JsonQueryException(error);
            }
            f[i] = n.doubleValue();
        }
        return new BrokenDownTime((int) f[0], (int) f[1], (int) f[2], (int) f[3], (int) f[4], f[5], (int) f[6], (int) f[7]);
    }

    /** C's timegm: the fields normalised (month 12 is January of the next year), whole seconds since the epoch. */
    long epochSeconds() {
        return normalised().toEpochSecond(ZoneOffset.UTC);
    }

    /** The date and time the fields mean, out-of-range fields carried over as C does. */
    LocalDateTime normalised() {
        return LocalDateTime.of(year, 1, 1, 0, 0).plusMonths(month).plusDays(day - 1L).plusHours(hour).plusMinutes(minute)
                .plusSeconds((long) second);
    }

    /**
     * The same time with its day of week and of year computed, as jq 1.6 does after strptime when the day of the month
     * is known (1..31); else they keep jq's markers, 8 and 367.
     */
    BrokenDownTime withDays() {
        if (day < 1 || day > 31) {
            return new BrokenDownTime(year, month, day, hour, minute, second, 8, 367);
        }
        LocalDateTime t = normalised();
        return new BrokenDownTime(year, month, day, hour, minute, second, t.getDayOfWeek().getValue() % 7, t.getDayOfYear() - 1);
    }

    JsonNode toJson() {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        a.add(year).add(month).add(day).add(hour).add(minute);
        a.add(DateFunctions.number(second));
        a.add(weekday).add(yearDay);
        return a;
    }
}
