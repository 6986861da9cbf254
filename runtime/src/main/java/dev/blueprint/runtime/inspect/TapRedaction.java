package dev.blueprint.runtime.inspect;

import dev.blueprint.api.Redaction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Locale;

/**
 * What the run hides in the records it shows (tapped records and kept errors on the ops API and page): the value of
 * every field whose name contains one of {@code system.tap_redact}'s words, case-insensitive, at any depth; and, with
 * the word {@code card_numbers}, every string or number that reads as a payment card number (13 to 19 digits, spaces
 * or dashes allowed, passing the Luhn check). {@code tap_redact: []} shows records as they are.
 */
public final class TapRedaction {
    /** The word that turns the card-number check on. */
    public static final String CARD_NUMBERS = "card_numbers";
    /** The default of {@code system.tap_redact}. */
    public static final List<String> DEFAULT_WORDS = List.of("password", "secret", "token", "authorization", CARD_NUMBERS);
    /** Hides nothing. */
    public static final TapRedaction NONE = new TapRedaction(List.of());

    private final List<String> words;
    private final boolean cards;

    private TapRedaction(List<String> words) {
        this.words = words.stream().map(w -> w.toLowerCase(Locale.ROOT)).filter(w -> !w.equals(CARD_NUMBERS)).toList();
        this.cards = words.stream().anyMatch(w -> w.equalsIgnoreCase(CARD_NUMBERS));
    }

    /** The redaction {@code system.tap_redact} asks for; null for the default. */
    public static TapRedaction of(List<String> words) {
        return new TapRedaction(words == null ? DEFAULT_WORDS : words);
    }

    /** Whether it hides anything at all. */
    public boolean isOff() {
        return words.isEmpty() && !cards;
    }

    /** A copy of {@code value} with what it hides replaced by {@code (redacted)}; {@code value} itself when nothing is hidden. */
    public JsonNode apply(JsonNode value) {
        if (value == null || isOff()) {
            return value;
        }
        return redact(value.deepCopy());
    }

    private JsonNode redact(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.fields().forEachRemaining(e -> e.setValue(hiddenKey(e.getKey()) ? TextNode.valueOf(Redaction.REDACTED) : redact(e.getValue())));
            return o;
        }
        if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, redact(a.get(i)));
            }
            return a;
        }
        if (cards && (node.isTextual() || node.isIntegralNumber()) && isCardNumber(node.asText())) {
            return TextNode.valueOf(Redaction.REDACTED);
        }
        return node;
    }

    private boolean hiddenKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (String w : words) {
            if (k.contains(w)) {
                return true;
            }
        }
        return false;
    }

    /** 13 to 19 digits, with spaces or dashes between groups, passing the Luhn check. */
    static boolean isCardNumber(String text) {
        if (text.length() < 13 || text.length() > 23) {
            return false;
        }
        int[] digits = new int[19];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (n == digits.length) {
                    return false;
                }
                digits[n++] = c - '0';
            } else if (c != ' ' && c != '-') {
                return false;
            }
        }
        if (n < 13) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < n; i++) {
            int d = digits[n - 1 - i];
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
