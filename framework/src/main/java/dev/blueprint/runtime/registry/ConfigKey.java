package dev.blueprint.runtime.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One config key of a component type, for documentation.
 *
 * @param name blueprint spelling ({@code max_connections})
 * @param type a readable type name ({@code integer}, {@code duration}, {@code size}, ...)
 * @param defaultValue the value used when the key is left out (JSON null when there is none)
 * @param description the key's {@code @Doc} text
 * @param keys the keys of a mapping-valued key ({@code auth}, {@code tls}); empty for the others
 * @param variantDefaults defaults that depend on the value of another (enum) key, by that setting, e.g.
 *     {@code "variant: http" -> 8080} for a key with no default of its own
 */
public record ConfigKey(String name, String type, JsonNode defaultValue, String description, List<ConfigKey> keys,
        Map<String, JsonNode> variantDefaults) {

    /** A key with no nested keys and no variant defaults. */
    public ConfigKey(String name, String type, JsonNode defaultValue, String description) {
        this(name, type, defaultValue, description, List.of(), Map.of());
    }

    /** The default as a blueprint would write it, or the defaults by variant, or "none". */
    public String defaultText() {
        if (!defaultValue.isNull()) {
            return text(defaultValue);
        }
        if (variantDefaults.isEmpty()) {
            return "none";
        }
        StringBuilder b = new StringBuilder();
        variantDefaults.forEach((when, value) -> b.append(b.length() == 0 ? "" : ", ").append(text(value)).append(" (").append(when).append(')'));
        return b.toString();
    }

    private static String text(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }
}
