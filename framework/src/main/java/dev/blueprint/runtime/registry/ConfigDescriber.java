package dev.blueprint.runtime.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.NullNode;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a provider's config record: its keys in blueprint spelling, their types, defaults (the values
 * the record takes when bound from an empty mapping) and {@link Doc} descriptions.
 */
public final class ConfigDescriber {
    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private ConfigDescriber() {
    }

    /** The config keys of {@code provider}'s type, in declaration order. */
    public static List<ConfigKey> keys(ComponentProvider<?> provider) {
        Class<? extends java.lang.Record> type = provider.configType();
        JsonNode defaultTree = defaults(provider).<JsonNode>map(d -> BlueprintJson.config().valueToTree(d)).orElse(NullNode.instance);
        return keys(type, defaultTree, variantTrees(type));
    }

    /** The keys of a record type, given its defaults and its defaults when an enum key takes each of its values. */
    private static List<ConfigKey> keys(Class<?> type, JsonNode defaultTree, Map<String, JsonNode> variantTrees) {
        List<ConfigKey> keys = new ArrayList<>();
        for (RecordComponent rc : type.getRecordComponents()) {
            String name = SNAKE.translate(rc.getName());
            Doc doc = rc.getAnnotation(Doc.class);
            JsonNode def = shown(rc, defaultTree.path(name));
            Map<String, JsonNode> byVariant = new LinkedHashMap<>();
            if (def.isNull()) {
                variantTrees.forEach((when, tree) -> {
                    JsonNode v = shown(rc, tree.path(name));
                    if (!v.isNull() && !when.startsWith(name + ":")) {
                        byVariant.put(when, v);
                    }
                });
            }
            Class<?> raw = rc.getType();
            List<ConfigKey> nested = isConfigRecord(raw) && raw != type
                    ? keys(raw, def.isObject() ? def : nestedDefaults(raw), Map.of()) : List.of();
            keys.add(new ConfigKey(name, typeName(rc.getGenericType()), def, doc == null ? "" : doc.value(), nested, byVariant));
        }
        return keys;
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
    private static JsonNode lowerEnums(com.fasterxml.jackson.databind.node.ObjectNode value, Class<?> type) {
        if (type.isRecord()) {
            for (RecordComponent rc : type.getRecordComponents()) {
                String name = SNAKE.translate(rc.getName());
                if (rc.getType().isEnum() && value.path(name).isTextual()) {
                    value.put(name, value.get(name).asText().toLowerCase(java.util.Locale.ROOT));
                }
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
     * For every enum key of a config (a Source's {@code variant}, say) and each of its values, the config bound
     * from that one setting: so that a key whose default depends on the variant can show it.
     */
    private static Map<String, JsonNode> variantTrees(Class<? extends java.lang.Record> type) {
        Map<String, JsonNode> trees = new LinkedHashMap<>();
        for (RecordComponent rc : type.getRecordComponents()) {
            if (!rc.getType().isEnum()) {
                continue;
            }
            String key = SNAKE.translate(rc.getName());
            for (Object constant : rc.getType().getEnumConstants()) {
                String value = ((Enum<?>) constant).name().toLowerCase(java.util.Locale.ROOT);
                bindWithPlaceholders(type, key, value).ifPresent(tree -> trees.put(key + ": " + value, tree));
            }
        }
        return trees;
    }

    /**
     * The config bound from {@code key: value} alone; a key that value requires ({@code variant: file} needs a
     * path) is filled with a stand-in so that the others show their defaults, and left out of the result.
     */
    private static Optional<JsonNode> bindWithPlaceholders(Class<? extends java.lang.Record> type, String key, String value) {
        com.fasterxml.jackson.databind.node.ObjectNode config = BlueprintJson.config().createObjectNode().put(key, value);
        java.util.Set<String> filled = new java.util.HashSet<>();
        java.util.Map<String, java.util.Iterator<JsonNode>> tries = new java.util.HashMap<>();
        String lastFilled = null;
        for (int attempt = 0; attempt < 8; attempt++) {
            try {
                com.fasterxml.jackson.databind.node.ObjectNode tree = BlueprintJson.config().valueToTree(BlueprintJson.config().treeToValue(config, type));
                filled.forEach(tree::remove);
                return Optional.of(tree);
            } catch (Exception e) {
                // a stand-in of the wrong kind (text where a list goes) fails in Jackson: try the key's next one
                String missing = configKey(e) != null ? configKey(e) : lastFilled;
                if (missing == null || missing.equals(key) || missing.contains(".")) {
                    return Optional.empty();
                }
                lastFilled = missing;
                java.util.Iterator<JsonNode> next = tries.computeIfAbsent(missing, k -> PLACEHOLDERS.iterator());
                if (!next.hasNext()) {
                    return Optional.empty();
                }
                config.set(missing, next.next());
                filled.add(missing);
            }
        }
        return Optional.empty();
    }

    /** Stand-ins tried, in turn, for a key a variant requires: a name, a URL, a list of names. */
    private static final List<JsonNode> PLACEHOLDERS = List.of(TextNode.valueOf("x"), TextNode.valueOf("http://localhost/"),
            BlueprintJson.config().createArrayNode().add("x"));

    private static String configKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof dev.blueprint.api.ConfigException ce) {
                return ce.key();
            }
        }
        return null;
    }

    /** The config record bound from an empty mapping, or empty when the type has required keys. */
    public static Optional<java.lang.Record> defaults(ComponentProvider<?> provider) {
        try {
            return Optional.of(BlueprintJson.config().treeToValue(
                    BlueprintJson.config().createObjectNode(), provider.configType()));
        } catch (Exception e) {
            return Optional.empty();
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
