package dev.blueprint.components.transformer;

/** Config of the {@code Transformer} type; the component-library work adds {@code expression}. */
public record TransformerConfig() {
}
