package dev.blueprint.cli.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.cli.testing.TestFile.Expectation;
import dev.blueprint.components.jq.JqExpression;
import java.util.ArrayList;
import java.util.List;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/** Checks what an output received against its expectation and says, record by record, what differs. */
final class Verdict {
    private static final int SHOWN = 5;

    private Verdict() {
    }

    /** Every way {@code received} misses {@code x}, each a few lines; empty when it meets it. */
    static List<String> failures(Expectation x, List<JsonNode> received) {
        List<String> failures = new ArrayList<>();
        if (x.count() != null && received.size() != x.count()) {
            failures.add(x.location() + ": " + x.key() + ": expected " + x.count() + " record(s), received " + received.size()
                    + listing(received));
        }
        if (x.records() != null) {
            records(x, received, failures);
        }
        if (x.each() != null) {
            each(x, received, failures);
        }
        return failures;
    }

    private static void records(Expectation x, List<JsonNode> received, List<String> failures) {
        List<JsonNode> expected = x.records();
        JsonMatch match = x.match();
        for (int i = 0; i < Math.min(expected.size(), received.size()); i++) {
            if (!match.matches(expected.get(i), received.get(i))) {
                StringBuilder b = new StringBuilder(x.location() + ": " + x.key() + ": record " + (i + 1) + " differs\n");
                b.append("      - expected ").append(expected.get(i)).append('\n');
                b.append("      + received ").append(received.get(i));
                match.differences("", match.withoutIgnored(expected.get(i)), match.withoutIgnored(received.get(i))).stream().limit(SHOWN)
                        .forEach(d -> b.append("\n        ").append(d));
                failures.add(b.toString());
            }
        }
        if (expected.size() != received.size()) {
            StringBuilder b = new StringBuilder(x.location() + ": " + x.key() + ": expected " + expected.size() + " record(s), received "
                    + received.size());
            if (received.size() > expected.size()) {
                received.subList(expected.size(), received.size()).stream().limit(SHOWN)
                        .forEach(r -> b.append("\n      + unexpected ").append(r));
            } else {
                expected.subList(received.size(), expected.size()).stream().limit(SHOWN)
                        .forEach(r -> b.append("\n      - missing    ").append(r));
            }
            failures.add(b.toString());
        }
    }

    private static void each(Expectation x, List<JsonNode> received, List<String> failures) {
        JqExpression condition;
        try {
            condition = JqExpression.compile(x.each());
        } catch (JsonQueryException e) {
            failures.add(x.eachLocation() + ": " + x.key() + ".each is not a valid jq expression: " + e.getMessage());
            return;
        }
        for (int i = 0; i < received.size(); i++) {
            String why;
            try {
                why = condition.test(received.get(i)) ? null : "is false";
            } catch (JsonQueryException | RuntimeException e) {
                why = "failed: " + e.getMessage();
            }
            if (why != null) {
                failures.add(x.eachLocation() + ": " + x.key() + ": record " + (i + 1) + " does not meet '" + x.each() + "' (" + why + ")\n"
                        + "      + received " + received.get(i));
            }
        }
    }

    /** JSON equality, numbers by value: jq's floor gives 3.0 where a test writes 3, and JSON does not tell them apart. */
    static boolean same(JsonNode expected, JsonNode received) {
        return expected.equals(NUMBERS_BY_VALUE, received);
    }

    private static final java.util.Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private static String listing(List<JsonNode> received) {
        StringBuilder b = new StringBuilder();
        received.stream().limit(SHOWN).forEach(r -> b.append("\n      + received ").append(r));
        if (received.size() > SHOWN) {
            b.append("\n      ... and ").append(received.size() - SHOWN).append(" more");
        }
        return b.toString();
    }
}
