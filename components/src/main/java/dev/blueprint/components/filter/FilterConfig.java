package dev.blueprint.components.filter;

/** Config of the {@code Filter} type; the component-library work adds {@code condition}. */
public record FilterConfig() {
}
