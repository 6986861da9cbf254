package dev.blueprint.components.processor;

/** The {@code merge} processor takes no config. */
public record MergeConfig() {
}
