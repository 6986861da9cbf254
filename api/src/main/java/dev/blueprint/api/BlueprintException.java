package dev.blueprint.api;

/** Root of Blueprint's unchecked exceptions; subclasses say who caused the problem. */
public class BlueprintException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message. */
    public BlueprintException(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. */
    public BlueprintException(String message, Throwable cause) {
        super(message, cause);
    }
}
