package dev.blueprint.api;

/** A running component died: the run fails with exit code 1. */
public class ComponentExecutionException extends BlueprintException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message and a cause. */
    public ComponentExecutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
