package com.example.uppercase;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import java.util.List;

/**
 * Config of the {@code Uppercase} type.
 *
 * @param fields which top-level string fields to upper-case; empty means every string field
 */
public record UppercaseConfig(
        @Doc("Top-level string fields to upper-case; empty (the default) means every string field. A record that is a plain string is upper-cased whole.") List<String> fields) {

    public UppercaseConfig {
        fields = fields == null ? List.of() : List.copyOf(fields);
        for (String f : fields) {
            if (f == null || f.isBlank()) {
                throw new ConfigException("fields", "must hold field names, not empty entries");
            }
        }
    }
}
