package dev.blueprint.api;

/** A component could not start (port in use, file missing, ...): the run fails with exit code 1. */
public class ComponentInitializationException extends BlueprintException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message. */
    public ComponentInitializationException(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. */
    public ComponentInitializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
