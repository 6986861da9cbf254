package dev.blueprint.components.jq;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDateTime;
import java.time.temporal.IsoFields;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * C's {@code strftime} and {@code strptime} in the C locale, as jq 1.6 calls them (glibc's conversions): the
 * {@code %} directives of POSIX plus glibc's {@code %e %k %l %P %s}. jq passes its format strings straight to C, so
 * jq's date functions mean exactly this; java.time's patterns differ ({@code %j}, {@code %U}, two-digit years).
 */
final class StrTime {
    private static final String[] DAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December"};

    private StrTime() {
    }

    /** C's strftime of {@code t} (taken to be UTC; %Z prints UTC) with {@code format}. */
    static String format(BrokenDownTime t, String format) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                b.append(c);
                continue;
            }
            directive(t, format.charAt(++i), b);
        }
        return b.toString();
    }

    private static void directive(BrokenDownTime t, char d, StringBuilder b) {
        int sec = (int) t.second();
        int hour12 = t.hour() % 12 == 0 ? 12 : t.hour() % 12;
        switch (d) {
            case 'a' -> b.append(DAYS[t.weekday()], 0, 3);
            case 'A' -> b.append(DAYS[t.weekday()]);
            case 'b', 'h' -> b.append(MONTHS[t.month()], 0, 3);
            case 'B' -> b.append(MONTHS[t.month()]);
            case 'c' -> b.append(format(t, "%a %b %e %H:%M:%S %Y"));
            case 'C' -> b.append(pad(Math.floorDiv(t.year(), 100), 2, '0'));
            case 'd' -> b.append(pad(t.day(), 2, '0'));
            case 'D', 'x' -> b.append(format(t, "%m/%d/%y"));
            case 'e' -> b.append(pad(t.day(), 2, ' '));
            case 'F' -> b.append(format(t, "%Y-%m-%d"));
            case 'G' -> b.append(iso(t).get(IsoFields.WEEK_BASED_YEAR));
            case 'g' -> b.append(pad(iso(t).get(IsoFields.WEEK_BASED_YEAR) % 100, 2, '0'));
            case 'V' -> b.append(pad(iso(t).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2, '0'));
            case 'H' -> b.append(pad(t.hour(), 2, '0'));
            case 'k' -> b.append(pad(t.hour(), 2, ' '));
            case 'I' -> b.append(pad(hour12, 2, '0'));
            case 'l' -> b.append(pad(hour12, 2, ' '));
            case 'j' -> b.append(pad(t.yearDay() + 1, 3, '0'));
            case 'm' -> b.append(pad(t.month() + 1, 2, '0'));
            case 'M' -> b.append(pad(t.minute(), 2, '0'));
            case 'n' -> b.append('\n');
            case 't' -> b.append('\t');
            case 'p' -> b.append(t.hour() < 12 ? "AM" : "PM");
            case 'P' -> b.append(t.hour() < 12 ? "am" : "pm");
            case 'r' -> b.append(format(t, "%I:%M:%S %p"));
            case 'R' -> b.append(format(t, "%H:%M"));
            case 's' -> b.append(t.epochSeconds());
            case 'S' -> b.append(pad(sec, 2, '0'));
            case 'T', 'X' -> b.append(format(t, "%H:%M:%S"));
            case 'u' -> b.append(t.weekday() == 0 ? 7 : t.weekday());
            case 'w' -> b.append(t.weekday());
            case 'U' -> b.append(pad((t.yearDay() + 7 - t.weekday()) / 7, 2, '0'));
            case 'W' -> b.append(pad((t.yearDay() + 7 - (t.weekday() + 6) % 7) / 7, 2, '0'));
            case 'y' -> b.append(pad(Math.floorMod(t.year(), 100), 2, '0'));
            case 'Y' -> b.append(t.year());
            case 'z' -> b.append("+0000");
            case 'Z' -> b.append("UTC");
            case '%' -> b.append('%');
            default -> b.append('%').append(d); // glibc prints an unknown conversion as written
        }
    }

    private static LocalDateTime iso(BrokenDownTime t) {
        return t.normalised();
    }

    private static String pad(long n, int width, char with) {
        String s = Long.toString(n);
        return s.length() >= width ? s : String.valueOf(with).repeat(width - s.length()) + s;
    }

    /**
     * C's strptime of {@code text} with {@code format}: fields not in the format stay as C leaves them (zero: year
     * 1900, day 0); the day of week and of year are computed afterwards, as jq does.
     *
     * @return the broken down time, with the white space left after it appended as jq 1.6 does
     * @throws JsonQueryException jq's "date ... does not match format ..." when it does not
     */
    static JsonNode parse(String text, String format) throws JsonQueryException {
        Parser p = new Parser(text);
        if (!p.parse(format)) {
            throw new JsonQueryException("date \"" + text + "\" does not match format \"" + format + "\"");
        }
        String rest = text.substring(p.at);
        if (!rest.isBlank()) {
            throw new JsonQueryException("date \"" + text + "\" does not match format \"" + format + "\"");
        }
        JsonNode tm = p.result().toJson();
        // jq 1.6 appends the white space the format left unread to the array
        return rest.isEmpty() ? tm : ((com.fasterxml.jackson.databind.node.ArrayNode) tm).add(rest);
    }

    /** One strptime run: the fields read so far and the position in the text. */
    private static final class Parser {
        private final String text;
        private int at;
        private int year = 1900;
        private int month;
        private int day;
        private int hour;
        private int minute;
        private int second;
        private Long epoch;
        private boolean pm;
        private boolean twelveHour;
        private Integer century;
        private Integer yearInCentury;
        private Integer yearDay;
        private boolean failed;

        Parser(String text) {
            this.text = text;
        }

        boolean parse(String format) {
            for (int i = 0; i < format.length(); i++) {
                char c = format.charAt(i);
                if (Character.isWhitespace(c)) {
                    skipSpaces();
                } else if (c != '%' || i + 1 == format.length()) {
                    if (at >= text.length() || text.charAt(at) != c) {
                        return false;
                    }
                    at++;
                } else if (!directive(format.charAt(++i))) {
                    return false;
                }
            }
            return true;
        }

        private boolean directive(char d) {
            switch (d) {
                case 'Y' -> year = number(4, 0, 9999, year);
                case 'm' -> month = number(2, 1, 12, month + 1) - 1;
                case 'd', 'e' -> day = number(2, 1, 31, day);
                case 'H', 'k' -> hour = number(2, 0, 23, hour);
                case 'I', 'l' -> {
                    hour = number(2, 1, 12, hour) % 12;
                    twelveHour = true;
                }
                case 'M' -> minute = number(2, 0, 59, minute);
                case 'S' -> second = number(2, 0, 61, second);
                case 'j' -> yearDay = number(3, 1, 366, 1);
                case 'y' -> yearInCentury = number(2, 0, 99, 0);
                case 'C' -> century = number(2, 0, 99, 0);
                case 's' -> epoch = (long) number(19, 0, Integer.MAX_VALUE, 0);
                case 'a', 'A' -> name(DAYS);
                case 'b', 'B', 'h' -> month = name(MONTHS);
                case 'p', 'P' -> pm = name(new String[] {"AM", "PM"}) == 1;
                case 'n', 't' -> skipSpaces();
                case 'Z' -> skipWord();
                case 'z' -> zone();
                case 'T' -> parse("%H:%M:%S");
                case 'D' -> parse("%m/%d/%y");
                case 'F' -> parse("%Y-%m-%d");
                case 'R' -> parse("%H:%M");
                case '%' -> literal('%');
                default -> failed = true;
            }
            return !failed;
        }

        private int number(int maxDigits, int min, int max, int unchanged) {
            skipSpaces();
            int start = at;
            boolean negative = at < text.length() && (text.charAt(at) == '-' || text.charAt(at) == '+') && maxDigits == 4;
            if (negative) {
                at++;
            }
            long n = 0;
            while (at < text.length() && at - start < maxDigits + (negative ? 1 : 0) && Character.isDigit(text.charAt(at))) {
                n = n * 10 + (text.charAt(at++) - '0');
            }
            if (at == start || n < min || n > max) {
                failed = true;
                return unchanged;
            }
            return (int) (text.charAt(start) == '-' ? -n : n);
        }

        private int name(String[] names) {
            for (int i = 0; i < names.length; i++) {
                for (String candidate : new String[] {names[i], names[i].substring(0, Math.min(3, names[i].length()))}) {
                    if (text.regionMatches(true, at, candidate, 0, candidate.length())) {
                        at += candidate.length();
                        return i;
                    }
                }
            }
            failed = true;
            return 0;
        }

        private void zone() {
            // glibc reads +hh[:]mm or Z into tm_gmtoff, which jq's timegm ignores: only the text is consumed
            if (at < text.length() && text.charAt(at) == 'Z') {
                at++;
                return;
            }
            if (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
                at++;
                int digits = 0;
                while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == ':') && digits < 5) {
                    at++;
                    digits++;
                }
                failed |= digits < 2;
                return;
            }
            failed = true;
        }

        private void literal(char c) {
            if (at < text.length() && text.charAt(at) == c) {
                at++;
            } else {
                failed = true;
            }
        }

        private void skipSpaces() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private void skipWord() {
            while (at < text.length() && !Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        BrokenDownTime result() {
            if (epoch != null) {
                return BrokenDownTime.of(epoch, java.time.ZoneOffset.UTC);
            }
            if (yearInCentury != null) {
                year = century != null ? century * 100 + yearInCentury : yearInCentury < 69 ? 2000 + yearInCentury : 1900 + yearInCentury;
            } else if (century != null) {
                year = century * 100;
            }
            if (twelveHour && pm) {
                hour += 12;
            }
            if (yearDay != null) {
                // as glibc: a day of the year sets the month and day when the format gave neither
                java.time.LocalDate d = java.time.LocalDate.ofYearDay(year, Math.min(yearDay, java.time.Year.of(year).length()));
                month = d.getMonthValue() - 1;
                day = d.getDayOfMonth();
            }
            return new BrokenDownTime(year, month, day, hour, minute, second, 0, 0).withDays();
        }
    }
}
