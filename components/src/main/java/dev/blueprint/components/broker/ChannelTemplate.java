package dev.blueprint.components.broker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.api.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A channel or key name with {@code {name}} placeholders, such as {@code session:{session_id}:down}.
 *
 * <p>Subscribing, it is a glob ({@code session:*:down}) and each placeholder captures the text it matched;
 * publishing, each placeholder is filled with the field of that name of the record. Literal {@code *} and
 * {@code ?} keep their glob meaning when subscribing.
 */
public final class ChannelTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Set<String> RESERVED = Set.of("channel", "pattern", "data");

    private final String text;
    private final List<String> literals = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final Pattern matcher;

    private ChannelTemplate(String text) {
        this.text = text;
        StringBuilder regex = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(text);
        int last = 0;
        while (m.find()) {
            literals.add(text.substring(last, m.start()));
            regex.append(globRegex(text.substring(last, m.start()))).append("(.*?)");
            names.add(m.group(1));
            last = m.end();
        }
        literals.add(text.substring(last));
        regex.append(globRegex(text.substring(last)));
        this.matcher = Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /**
     * Parses {@code text}, reporting a bad template against config key {@code key}.
     *
     * @throws ConfigException for an empty template, a stray brace or a placeholder named twice
     */
    public static ChannelTemplate parse(String key, String text) {
        if (text == null || text.isBlank()) {
            throw new ConfigException(key, "must not be empty");
        }
        String stripped = PLACEHOLDER.matcher(text).replaceAll("");
        if (stripped.contains("{") || stripped.contains("}")) {
            throw new ConfigException(key, "'" + text + "': a placeholder is {name} (letters, digits, _), e.g. session:{session_id}:down");
        }
        ChannelTemplate t = new ChannelTemplate(text);
        if (Set.copyOf(t.names).size() != t.names.size()) {
            throw new ConfigException(key, "'" + text + "' names a placeholder twice");
        }
        return t;
    }

    /** Like {@link #parse} and refuses placeholders named like the fields a subscriber's records carry. */
    public static ChannelTemplate parseSubscription(String key, String text) {
        ChannelTemplate t = parse(key, text);
        for (String n : t.names) {
            if (RESERVED.contains(n)) {
                throw new ConfigException(key, "'" + text + "': {" + n + "} would overwrite the record's own '" + n
                        + "' field; pick another name");
            }
        }
        return t;
    }

    /** The text as written. */
    public String text() {
        return text;
    }

    /** Whether it has placeholders. */
    public boolean hasPlaceholders() {
        return !names.isEmpty();
    }

    /** The placeholder names, in order. */
    public List<String> names() {
        return List.copyOf(names);
    }

    /** The Redis glob a PSUBSCRIBE uses: every placeholder becomes {@code *}. */
    public String glob() {
        StringBuilder sb = new StringBuilder(literals.get(0));
        for (int i = 0; i < names.size(); i++) {
            sb.append('*').append(literals.get(i + 1));
        }
        return sb.toString();
    }

    /** The captured values when {@code channel} matches, by placeholder name; null when it does not match. */
    public Map<String, String> captures(String channel) {
        Matcher m = matcher.matcher(channel);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            values.put(names.get(i), m.group(i + 1));
        }
        return values;
    }

    /**
     * The name with each placeholder replaced by the record's field of that name (strings as they are,
     * numbers and booleans as JSON text).
     *
     * @throws IllegalArgumentException when the record lacks a field or holds an object or array there
     */
    public String fill(JsonNode record) {
        if (names.isEmpty()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(literals.get(0));
        for (int i = 0; i < names.size(); i++) {
            JsonNode v = record.isObject() ? record.get(names.get(i)) : null;
            if (v == null || v.isNull() || v.isContainerNode()) {
                throw new IllegalArgumentException("record has no text or number field '" + names.get(i) + "' to fill {"
                        + names.get(i) + "} in '" + text + "'");
            }
            sb.append(v.asText()).append(literals.get(i + 1));
        }
        return sb.toString();
    }

    private static String globRegex(String literal) {
        StringBuilder sb = new StringBuilder();
        for (char c : literal.toCharArray()) {
            switch (c) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
