package dev.blueprint.components.transformer;

import dev.blueprint.api.Doc;

/**
 * Config of the {@code Transformer} type.
 *
 * @param expression the jq expression producing the output records; absent means pass-through
 */
public record TransformerConfig(
        @Doc("jq expression evaluated on each record; each result becomes one output record (none drops it, several split it). "
                + "Absent: every record passes through unchanged.") String expression) {
}
