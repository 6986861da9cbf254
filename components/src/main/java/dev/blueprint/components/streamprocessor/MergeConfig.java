package dev.blueprint.components.streamprocessor;

/** The {@code merge} processor takes no config. */
public record MergeConfig() {
}
