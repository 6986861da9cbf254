package dev.blueprint.components.discard;

/** The {@code discard} sink takes no config. */
public record DiscardConfig() {
}
