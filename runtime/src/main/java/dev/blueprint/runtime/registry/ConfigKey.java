package dev.blueprint.runtime.registry;

import com.fasterxml.jackson.databind.JsonNode;
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
 * @param secret whether the key is marked {@link dev.blueprint.api.Secret}: its value is never shown
 */
public record ConfigKey(String name, String type, JsonNode defaultValue, String description, JsonNode example, List<ConfigKey> keys,
        boolean secret) {

    /** A key that holds no secret. */
    public ConfigKey(String name, String type, JsonNode defaultValue, String description, JsonNode example, List<ConfigKey> keys) {
        this(name, type, defaultValue, description, example, keys, false);
    }

    /** Whether the record cannot be built without this key. */
    public boolean required() {
        return !example.isNull();
    }

    /** The default as a blueprint would write it, "required" for a required key, or "none". */
    public String defaultText() {
        if (!defaultValue.isNull()) {
            return text(defaultValue);
        }
        return required() ? "required" : "none";
    }

    /** The example as a blueprint would write it; meaningful for a required key only. */
    public String exampleText() {
        return text(example);
    }

    private static String text(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }
}
