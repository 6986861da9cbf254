package dev.blueprint.runtime.exec;

/**
 * How a run ended.
 *
 * @param failure a message naming the component that died and why, or null
 * @param graceExceeded whether shutdown had to interrupt components after the grace period
 */
public record RunOutcome(String failure, boolean graceExceeded) {

    /** Whether every component finished on its own or drained within the grace period. */
    public boolean succeeded() {
        return failure == null && !graceExceeded;
    }
}
