package dev.blueprint.runtime.registry;

import dev.blueprint.api.Redaction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.DataSize;
import dev.blueprint.api.Doc;
import dev.blueprint.runtime.json.BlueprintJson;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a provider's config record: its keys in blueprint spelling, their types, defaults (the values
 * the record takes when bound from its {@linkplain #minimalConfig minimal config}: the required keys'
 * examples and nothing else) and {@link Doc} descriptions.
 */
public final class ConfigDescriber {
    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private ConfigDescriber() {
    }

    /** The config keys of {@code provider}'s type, in declaration order. */
    public static List<ConfigKey> keys(ComponentProvider<?> provider) {
        Class<? extends java.lang.Record> type = provider.configType();
        Optional<? extends java.lang.Record> defaults = defaults(provider);
        JsonNode defaultTree = defaults.<JsonNode>map(d -> BlueprintJson.config().valueToTree(d)).orElse(NullNode.instance);
        return keys(type, defaultTree, minimalConfig(type));
    }

    /** The keys of a record type, given its defaults and the examples of its required keys. */
    private static List<ConfigKey> keys(Class<?> type, JsonNode defaultTree, ObjectNode examples) {
        List<ConfigKey> keys = new ArrayList<>();
        for (RecordComponent rc : type.getRecordComponents()) {
            String name = SNAKE.translate(rc.getName());
            Doc doc = rc.getAnnotation(Doc.class);
            JsonNode example = cleaned(examples.has(name) ? examples.get(name) : NullNode.instance);
            JsonNode def = example.isNull() ? cleaned(shown(rc, defaultTree.path(name))) : NullNode.instance;
            Class<?> raw = rc.getType();
            List<ConfigKey> nested = isConfigRecord(raw) && raw != type
                    ? keys(raw, def.isObject() ? def : nestedDefaults(raw), BlueprintJson.config().createObjectNode()) : List.of();
            keys.add(new ConfigKey(name, typeName(rc.getGenericType()), def, doc == null ? "" : doc.value(), example, nested,
                    dev.blueprint.api.Redaction.isMarkedSecret(rc)));
        }
        return keys;
    }

    /** An example or default as shown (schema, {@code blueprint components}): a URL in it passes the run's one redaction. */
    private static JsonNode cleaned(JsonNode value) {
        return value.isTextual() ? com.fasterxml.jackson.databind.node.TextNode.valueOf(
                dev.blueprint.api.Redaction.cleanUrl(value.asText())) : value;
    }

    /** A record of config keys ({@code auth}, {@code tls}), not a value type such as a size. */
    private static boolean isConfigRecord(Class<?> raw) {
        return raw.isRecord() && java.util.Arrays.stream(raw.getRecordComponents()).anyMatch(c -> c.isAnnotationPresent(Doc.class));
    }

    /** A default as a blueprint writes it: {@code variant: log}, not {@code LOG}; JSON null for none. */
    private static JsonNode shown(RecordComponent rc, JsonNode value) {
        if (value.isMissingNode()) {
            return NullNode.instance;
        }
        if (value.isTextual() && rc.getType().isEnum()) {
            return TextNode.valueOf(value.asText().toLowerCase(java.util.Locale.ROOT));
        }
        if (value.isObject() && rc.getType().isRecord()) {
            return lowerEnums(value.deepCopy(), rc.getType());
        }
        return value;
    }

    /** Enum values inside a mapping default, spelt as a blueprint writes them. */
    private static JsonNode lowerEnums(ObjectNode value, Class<?> type) {
        for (RecordComponent rc : type.getRecordComponents()) {
            String name = SNAKE.translate(rc.getName());
            if (rc.getType().isEnum() && value.path(name).isTextual()) {
                value.put(name, value.get(name).asText().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return value;
    }

    /** The defaults of a nested record bound from an empty mapping, or null when it has required keys. */
    private static JsonNode nestedDefaults(Class<?> type) {
        try {
            return BlueprintJson.config().valueToTree(BlueprintJson.config().treeToValue(BlueprintJson.config().createObjectNode(), type));
        } catch (Exception e) {
            return NullNode.instance;
        }
    }

    /**
     * The config record bound from its minimal config, or empty when that does not bind (a required key
     * without an example).
     */
    public static Optional<java.lang.Record> defaults(ComponentProvider<?> provider) {
        try {
            return Optional.of(BlueprintJson.config().treeToValue(minimalConfig(provider.configType()), provider.configType()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /**
     * The smallest config of {@code type}: each key whose {@link Doc#example()} is set (the keys without a
     * default) mapped to that example, read as JSON when it is JSON and as text otherwise.
     */
    public static ObjectNode minimalConfig(Class<? extends java.lang.Record> type) {
        ObjectNode config = BlueprintJson.config().createObjectNode();
        for (RecordComponent rc : type.getRecordComponents()) {
            Doc doc = rc.getAnnotation(Doc.class);
            if (doc != null && !doc.example().isEmpty()) {
                config.set(SNAKE.translate(rc.getName()), exampleValue(doc.example()));
            }
        }
        return config;
    }

    private static JsonNode exampleValue(String example) {
        try {
            return BlueprintJson.config().readTree(example);
        } catch (Exception e) {
            return TextNode.valueOf(example);
        }
    }

    /** The names of all keys, in declaration order. */
    public static List<String> keyNames(Class<? extends java.lang.Record> type) {
        List<String> names = new ArrayList<>();
        for (RecordComponent rc : type.getRecordComponents()) {
            names.add(SNAKE.translate(rc.getName()));
        }
        return names;
    }

    static String typeName(Type t) {
        if (t instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (Collection.class.isAssignableFrom(raw)) {
                return "list of " + typeName(p.getActualTypeArguments()[0]);
            }
            if (Map.class.isAssignableFrom(raw)) {
                return "map of " + typeName(p.getActualTypeArguments()[1]);
            }
            return typeName(raw);
        }
        Class<?> c = (Class<?>) t;
        if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
            return "integer";
        }
        if (c == double.class || c == Double.class || c == float.class) {
            return "number";
        }
        if (c == boolean.class || c == Boolean.class) {
            return "boolean";
        }
        if (c == String.class) {
            return "string";
        }
        if (c == Duration.class) {
            return "duration";
        }
        if (c == DataSize.class) {
            return "size";
        }
        if (c.isEnum()) {
            StringBuilder b = new StringBuilder();
            for (Object o : c.getEnumConstants()) {
                b.append(b.length() == 0 ? "" : " | ").append(o.toString().toLowerCase(java.util.Locale.ROOT));
            }
            return b.toString();
        }
        if (JsonNode.class.isAssignableFrom(c)) {
            return "any JSON";
        }
        if (c.isRecord()) {
            return "mapping";
        }
        return c.getSimpleName();
    }
}
