package dev.blueprint.runtime.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;

/**
 * One config key of a component type (or variant), for documentation.
 *
 * @param name blueprint spelling ({@code max_connections})
 * @param type a readable type name ({@code integer}, {@code duration}, {@code size}, ...)
 * @param defaultValue the value used when the key is left out (JSON null when there is none)
 * @param description the key's {@code @Doc} text
 * @param example for a required key (one without a default), a value it may take; JSON null otherwise
 * @param keys the keys of a mapping-valued key ({@code auth}, {@code tls}); empty for the others
 */
public record ConfigKey(String name, String type, JsonNode defaultValue, String description, JsonNode example, List<ConfigKey> keys) {

    /** A key with no nested keys. */
    public ConfigKey(String name, String type, JsonNode defaultValue, String description, JsonNode example) {
        this(name, type, defaultValue, description, example, List.of());
    }

    /** An optional key with no nested keys. */
    public ConfigKey(String name, String type, JsonNode defaultValue, String description) {
        this(name, type, defaultValue, description, NullNode.instance, List.of());
    }

    /** Whether the record cannot be built without this key. */
    public boolean required() {
        return !example.isNull();
    }

    /** The default as a blueprint would write it, "required" for a required key, or "none". */
    public String defaultText() {
        if (!defaultValue.isNull()) {
            return defaultValue.isTextual() ? defaultValue.asText() : defaultValue.toString();
        }
        return required() ? "required" : "none";
    }
}
