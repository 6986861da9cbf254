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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one redaction of the run, used wherever something leaves it: the config API and pipeline page, log lines (the
 * CLI's log layout runs every message through {@link #cleanText}), {@code /metrics} labels (a meter filter of the run's
 * registry), error messages, and the JSON Schema's examples. It hides:
 * <ul>
 *   <li>values of config record components marked {@link Secret} (by type, whatever the key is called);</li>
 *   <li>values under keys that look secret ({@link #looksSecret}), for plugins that do not mark theirs;</li>
 *   <li>in a URL, its user info's password (a user alone, which may be a token, too) and the value of every query
 *       parameter whose name looks secret ({@code token}, {@code password}, {@code key}, {@code secret},
 *       {@code signature}, {@code auth}, ...);</li>
 *   <li>under a {@code headers} key, the values of {@code Authorization}, {@code Cookie}, {@code X-Api-Key} and every
 *       header whose name looks secret; under an {@code env} key (a process's environment), every value.</li>
 * </ul>
 */
public final class Redaction {
    /** What a hidden value is shown as. */
    public static final String REDACTED = "(redacted)";
    /** What a hidden part of a text (a URL's password, a query parameter) is shown as. */
    public static final String HIDDEN = "***";
    /** Key names that look like they hold a secret. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|passwd|secret|token|credential|api_?key|private_?key|tenants).*");
    /** Query parameter and header names that look like they carry a secret. */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)(authorization|proxy-authorization|cookie|set-cookie|.*(pass|secret|token|key|sig|auth|credential|session|jwt|bearer).*)");
    /** A URL's user info: {@code scheme://user:password@} or {@code scheme://user@}. */
    private static final Pattern URL_USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^/@\\s?#:]*)(:[^@/\\s?#]*)?@");
    /** One query parameter: its separator, name and value. */
    private static final Pattern QUERY_PARAMETER = Pattern.compile("([?&;])([^=&;\\s#?/]+)=([^&;\\s#\"',)\\]}<>]*)");
    private static final PropertyNamingStrategies.NamingBase SNAKE = (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private Redaction() {
    }

    /** Whether a key's name looks like it holds a secret ({@code password}, {@code api_key}, {@code tokens}, ...). */
    public static boolean looksSecret(String key) {
        return SECRET_NAME.matcher(key).matches();
    }

    /** Whether an HTTP header or a URL's query parameter of this name carries a secret ({@code Authorization}, {@code X-Api-Key}, {@code token}). */
    public static boolean isSecretParameter(String name) {
        return SECRET_PARAMETER.matcher(name).matches();
    }

    /** Whether a config record's component is marked {@link Secret}. */
    public static boolean isMarkedSecret(RecordComponent component) {
        return component.isAnnotationPresent(Secret.class) || component.getAccessor().isAnnotationPresent(Secret.class);
    }

    /** The key a record component has in a blueprint: {@code maxBodyBytes} is {@code max_body_bytes}. */
    public static String keyOf(RecordComponent component) {
        return SNAKE.translate(component.getName());
    }

    /**
     * {@code text} with every URL in it cleaned: the user info's password (or a lone user, which may be a token) and the
     * values of query parameters whose names look secret become {@code ***}. For log lines, metric labels, error
     * messages: {@code ws://h/?token=abc} is {@code ws://h/?token=***}, {@code redis://default:pw@h} is
     * {@code redis://default:***@h}.
     */
    public static String cleanUrl(String text) {
        if (text == null || text.indexOf('@') < 0 && text.indexOf('=') < 0) {
            return text;
        }
        Matcher user = URL_USER_INFO.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (user.find()) {
            String replacement = user.group(3) != null ? user.group(1) + user.group(2) + ":" + HIDDEN + "@"
                    : user.group(2).isEmpty() ? user.group() : user.group(1) + HIDDEN + "@";
            user.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        user.appendTail(sb);
        Matcher query = QUERY_PARAMETER.matcher(sb);
        StringBuilder out = new StringBuilder();
        while (query.find()) {
            String replacement = isSecretParameter(query.group(2)) && !query.group(3).isEmpty()
                    ? query.group(1) + query.group(2) + "=" + HIDDEN : query.group();
            query.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        query.appendTail(out);
        return out.toString();
    }

    /** {@code text} (a log line, an error message) with every URL in it cleaned as {@link #cleanUrl} does; null stays null. */
    public static String cleanText(String text) {
        return cleanUrl(text);
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
            } else if (value instanceof Map<?, ?> map) {
                sb.append(describe(keyOf(rc), map));
            } else if (value instanceof java.util.Collection<?> list) {
                sb.append(list.stream().map(Redaction::describe).toList());
            } else {
                sb.append(describe(value));
            }
        }
        return sb.append(']').toString();
    }

    /** A map as a log line shows it, with what {@link #hiddenIn} hides as {@code ***}. */
    private static String describe(String key, Map<?, ?> map) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            sb.append(sb.length() == 1 ? "" : ", ").append(name).append('=')
                    .append(hiddenIn(key, name) || looksSecret(name) ? HIDDEN : describe(e.getValue()));
        }
        return sb.append('}').toString();
    }

    /**
     * Whether, in the mapping under config key {@code key}, the value under {@code name} is hidden: every value of an
     * {@code env} (a process's environment holds passwords under any name), a secret-looking header of {@code headers}.
     */
    public static boolean hiddenIn(String key, String name) {
        return "env".equals(key) || "environment".equals(key) || "headers".equals(key) && isSecretParameter(name);
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
                } else if (v instanceof ObjectNode inner && (e.getKey().equals("headers") || e.getKey().equals("env")
                        || e.getKey().equals("environment"))) {
                    inner.fields().forEachRemaining(h -> {
                        if (hiddenIn(e.getKey(), h.getKey()) || looksSecret(h.getKey())) {
                            h.setValue(TextNode.valueOf(REDACTED));
                        }
                    });
                    redactByName(inner);
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
