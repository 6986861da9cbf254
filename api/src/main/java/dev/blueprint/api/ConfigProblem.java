package dev.blueprint.api;

/**
 * A finding of {@link ComponentProvider#check}: an error refuses the blueprint, a warning is printed.
 *
 * @param error true for an error, false for a warning
 * @param key the config key it is about (blueprint spelling); empty for the component as a whole
 * @param message what is wrong and what to do instead
 */
public record ConfigProblem(boolean error, String key, String message) {

    /** An error about {@code key}. */
    public static ConfigProblem error(String key, String message) {
        return new ConfigProblem(true, key, message);
    }

    /** A warning about {@code key}. */
    public static ConfigProblem warning(String key, String message) {
        return new ConfigProblem(false, key, message);
    }
}
