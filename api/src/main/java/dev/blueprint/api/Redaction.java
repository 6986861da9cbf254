package dev.blueprint.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the run hides wherever it shows a config: values of config record components marked {@link Secret} (by
 * type, whatever the key is called), values under keys that look secret (for plugins that do not mark theirs), and
 * the password of a URL's user info. One place, for the ops API, the pipeline page and whatever else shows configs.
 */
public final class Redaction {
    /** What a hidden value is shown as. */
    public static final String REDACTED = "(redacted)";
    /** Key names that look like they hold a secret. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|passwd|secret|token|credential|api_?key|private_?key|tenants).*");
    /** The password of a URL's user info ({@code redis://:pw@host}). */
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/:@\\s]*:)[^@/\\s]+@");
    private static final PropertyNamingStrategies.NamingBase SNAKE = (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private Redaction() {
    }

    /** Whether a key's name looks like it holds a secret ({@code password}, {@code api_key}, {@code tokens}, ...). */
    public static boolean looksSecret(String key) {
        return SECRET_NAME.matcher(key).matches();
    }

    /** Whether a config record's component is marked {@link Secret}. */
    public static boolean isMarkedSecret(RecordComponent component) {
        return component.isAnnotationPresent(Secret.class) || component.getAccessor().isAnnotationPresent(Secret.class);
    }

    /** The key a record component has in a blueprint: {@code maxBodyBytes} is {@code max_body_bytes}. */
    public static String keyOf(RecordComponent component) {
        return SNAKE.translate(component.getName());
    }

    /** {@code text} with the password of any URL's user info replaced by {@code ***}. */
    public static String cleanUrl(String text) {
        return URL_PASSWORD.matcher(text).replaceAll("$1***@");
    }

    /**
     * Hides, in {@code bound} (a config of record type {@code type} as JSON, snake_case keys), every value marked
     * {@link Secret} in the record or in the records nested in it, every value under a key that looks secret, and
     * URL passwords; drops keys left unset (null) so that what is shown is what the blueprint says.
     */
    public static void redactConfig(Class<?> type, JsonNode bound) {
        if (bound != null && bound.isArray() && type != null && type.isRecord()) {
            bound.forEach(element -> redactConfig(type, element));
            return;
        }
        if (bound instanceof ObjectNode o && type != null && type.isRecord()) {
            for (RecordComponent rc : type.getRecordComponents()) {
                JsonNode value = o.get(keyOf(rc));
                if (value == null || value.isNull()) {
                    continue;
                }
                if (isMarkedSecret(rc)) {
                    o.set(keyOf(rc), TextNode.valueOf(REDACTED));
                } else {
                    redactConfig(nestedRecord(rc.getGenericType()), value);
                }
            }
        }
        redactByName(bound);
    }

    /**
     * {@code config} as a log line shows it: {@code Name[key=value, ...]}, with components marked {@link Secret} (in
     * nested records too) as {@code ***} and URL passwords hidden, whatever the record's own {@code toString()} does.
     */
    public static String describe(Object config) {
        if (config == null || !config.getClass().isRecord()) {
            return config == null ? "null" : cleanUrl(String.valueOf(config));
        }
        StringBuilder sb = new StringBuilder(config.getClass().getSimpleName()).append('[');
        RecordComponent[] components = config.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            RecordComponent rc = components[i];
            Object value;
            try {
                rc.getAccessor().setAccessible(true);
                value = rc.getAccessor().invoke(config);
            } catch (ReflectiveOperationException | RuntimeException e) {
                value = "?";
            }
            sb.append(i == 0 ? "" : ", ").append(rc.getName()).append('=');
            if (isMarkedSecret(rc) && value != null) {
                sb.append("***");
            } else if (value instanceof java.util.Collection<?> list) {
                sb.append(list.stream().map(Redaction::describe).toList());
            } else {
                sb.append(describe(value));
            }
        }
        return sb.append(']').toString();
    }

    /** The record type a component holds, directly or as the elements of a list or the values of a map; else null. */
    private static Class<?> nestedRecord(Type type) {
        if (type instanceof Class<?> c) {
            return c.isRecord() ? c : null;
        }
        if (type instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments();
            return nestedRecord(args[args.length - 1]);
        }
        return null;
    }

    private static void redactByName(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (v.isNull()) {
                    it.remove();
                } else if (looksSecret(e.getKey()) && !v.isObject() && !REDACTED.equals(v.asText())) {
                    e.setValue(TextNode.valueOf(REDACTED));
                } else if (v.isTextual()) {
                    e.setValue(TextNode.valueOf(cleanUrl(v.asText())));
                } else {
                    redactByName(v);
                }
            }
        } else if (node != null && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode v = node.get(i);
                if (v.isTextual()) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, TextNode.valueOf(cleanUrl(v.asText())));
                } else {
                    redactByName(v);
                }
            }
        }
    }
}
