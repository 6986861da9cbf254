package dev.blueprint.runtime.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.ConfigException;
import dev.blueprint.runtime.json.BlueprintJson;
import dev.blueprint.runtime.registry.ConfigDescriber;
import dev.blueprint.runtime.yaml.YamlDocument;
import java.util.List;
import java.util.Optional;

/**
 * Binds a component's {@code config} mapping to its provider's config record and turns Jackson's and
 * the record's complaints into problems at the right line and column.
 */
final class ConfigBinder {
    private final YamlDocument doc;
    private final Problems problems;

    ConfigBinder(YamlDocument doc, Problems problems) {
        this.doc = doc;
        this.problems = problems;
    }

    /**
     * Binds {@code config}.
     *
     * @param component the component's name, for messages
     * @param configPointer JSON Pointer of the config mapping in the document
     */
    Optional<java.lang.Record> bind(String component, ComponentProvider<?> provider, JsonNode config, String configPointer) {
        try {
            return Optional.of(BlueprintJson.config().treeToValue(config, provider.configType()));
        } catch (UnrecognizedPropertyException e) {
            String pointer = configPointer + pointerOf(e);
            List<String> allowed = e.getKnownPropertyIds() == null ? ConfigDescriber.keyNames(provider.configType())
                    : e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
            String key = dotted(pointerOf(e)).substring(1); // nested keys with their path: admin.tokn
            problems.error(doc.keyAt(pointer), "unknown config key '" + key + "' for " + provider.type()
                    + " '" + component + "'" + Suggestions.didYouMean(e.getPropertyName(), allowed)
                    + " Allowed keys: " + String.join(", ", allowed));
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConfigException ce) {
                String sub = ce.key().isEmpty() ? "" : "/" + ce.key().replace('.', '/');
                String where = configPointer + pointerOf(e) + sub;
                problems.error(doc.valueAt(where), component + ".config" + dotted(pointerOf(e) + sub) + " " + ce.getMessage());
            } else {
                String where = configPointer + pointerOf(e);
                problems.error(doc.valueAt(where), component + ".config" + dotted(pointerOf(e)) + ": "
                        + (cause != null ? cause.getMessage() : e.getOriginalMessage()));
            }
        } catch (InvalidFormatException e) {
            String where = configPointer + pointerOf(e);
            problems.error(doc.valueAt(where), component + ".config" + dotted(pointerOf(e)) + " must be "
                    + expected(e.getTargetType()) + ", was " + quoted(e.getValue()) + detail(e));
        } catch (MismatchedInputException e) {
            String where = configPointer + pointerOf(e);
            JsonNode actual = config.at(pointerOf(e));
            problems.error(doc.valueAt(where), component + ".config" + dotted(pointerOf(e)) + " must be "
                    + expected(e.getTargetType()) + ", was " + (actual.isMissingNode() ? "missing" : shown(actual)));
        } catch (JsonMappingException e) {
            String where = configPointer + pointerOf(e);
            if (e.getCause() instanceof InputCoercionException range) {
                // a number past what its key's type holds: say which key, and the range, not Jackson's wording
                problems.error(doc.valueAt(where), component + ".config" + dotted(pointerOf(e)) + " must be "
                        + expected(range.getTargetType()) + " " + rangeOf(range.getTargetType()) + ", was " + shown(config.at(pointerOf(e))));
            } else {
                problems.error(doc.valueAt(where), component + ".config: " + e.getOriginalMessage());
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            problems.error(doc.valueAt(configPointer), component + ".config: " + e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * What our own deserializers said beyond "must be X" (Jackson writes {@code from String "v": reason}),
     * unless it only repeats the expected form.
     */
    private static String detail(InvalidFormatException e) {
        String m = e.getOriginalMessage();
        int colon = m.indexOf("\": ");
        if (!m.startsWith("Cannot deserialize") || colon < 0) {
            return "";
        }
        String reason = m.substring(colon + 3);
        return reason.startsWith("expected") || reason.startsWith("not one of") || reason.startsWith("not a valid") ? "" : " (" + reason + ")";
    }

    private static String rangeOf(Class<?> type) {
        if (type == int.class || type == Integer.class) {
            return "from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == long.class || type == Long.class) {
            return "from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        return "in the range of a " + (type == null ? "number" : type.getSimpleName());
    }

    private static String pointerOf(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            b.append('/').append(r.getFieldName() != null ? r.getFieldName() : Integer.toString(r.getIndex()));
        }
        return b.toString();
    }

    private static String dotted(String pointer) {
        return pointer.replace('/', '.');
    }

    private static String quoted(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }

    private static String shown(JsonNode n) {
        if (n.isTextual()) {
            return "'" + n.asText() + "'";
        }
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isArray()) {
            return "a list";
        }
        return n.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == java.time.Duration.class) {
            return "a duration such as 30 (seconds), 250ms, 2s or 5m";
        }
        if (type == dev.blueprint.api.DataSize.class) {
            return "a size such as 1048576, 64KiB or 1MiB";
        }
        if (type.isEnum()) {
            StringBuilder b = new StringBuilder("one of ");
            Object[] values = type.getEnumConstants();
            for (int i = 0; i < values.length; i++) {
                b.append(i == 0 ? "" : ", ").append(values[i].toString().toLowerCase(java.util.Locale.ROOT));
            }
            return b.toString();
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping";
        }
        return "a " + type.getSimpleName();
    }
}
