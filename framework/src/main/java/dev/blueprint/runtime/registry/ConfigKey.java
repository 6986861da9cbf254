package dev.blueprint.runtime.registry;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One config key of a component type, for documentation.
 *
 * @param name blueprint spelling ({@code max_connections})
 * @param type a readable type name ({@code integer}, {@code duration}, {@code size}, ...)
 * @param defaultValue the value used when the key is left out (JSON null when there is none)
 * @param description the key's {@code @Doc} text
 * @param example for a required key (one without a default), a value it may take; JSON null otherwise
 */
public record ConfigKey(String name, String type, JsonNode defaultValue, String description, JsonNode example) {

    /** Whether the record cannot be built without this key. */
    public boolean required() {
        return !example.isNull();
    }
}
