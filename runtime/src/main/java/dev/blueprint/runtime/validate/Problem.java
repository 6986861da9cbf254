package dev.blueprint.runtime.validate;

import dev.blueprint.runtime.yaml.Location;

/**
 * One finding about a blueprint.
 *
 * @param location where it is
 * @param error true for an error (the blueprint is refused), false for a warning
 * @param message what is wrong and what to do instead
 */
public record Problem(Location location, boolean error, String message) {

    /** {@code file:line:col: error: message}. */
    public String format() {
        return location + ": " + (error ? "error" : "warning") + ": " + message;
    }
}
