package dev.blueprint.api;

/**
 * Thrown out of a blocking pipeline operation when the run is being stopped at once (interrupt after
 * the shutdown grace period, or a second Ctrl-C). Components should let it propagate.
 */
public class PipelineStoppedException extends BlueprintException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message. */
    public PipelineStoppedException(String message) {
        super(message);
    }
}
