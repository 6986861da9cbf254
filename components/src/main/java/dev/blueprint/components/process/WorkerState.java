package dev.blueprint.components.process;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a {@link Worker} is in its life, and where it may go from there. The worker moves only through
 * {@link #to(WorkerState)}, which refuses a transition not listed here, so that a state the worker should never be
 * in (a request handed to a closing worker, a restart of one that was closed) is an error where it happens instead of
 * a surprise later.
 *
 * <pre>
 * NEW -> IDLE -> BUSY -> SETTLING -> IDLE          (a request answered; offered again once all it printed is read)
 * IDLE, BUSY, SETTLING -> KILLED                   (timeout, over-long line)
 * IDLE, BUSY, SETTLING, KILLED -> RESTARTING        (the program exited) -> IDLE, or DORMANT while the pipeline stops
 * DORMANT -> RESTARTING                             (records still arrive)
 * any running state -> CLOSING -> CLOSED; NEW, RESTARTING, DORMANT -> CLOSED; a dead reader -> CLOSED
 * </pre>
 */
enum WorkerState {
    /** Built; its program not started yet. */
    NEW,
    /** Running, with no request: offered to the pool. */
    IDLE,
    /** Running, answering one request: every line it prints belongs to that request. */
    BUSY,
    /** Its answer is complete; offered to the pool again once everything it printed has been read. */
    SETTLING,
    /** Killed after a timeout or an over-long line (lines it printed before are dropped); waiting for it to exit. */
    KILLED,
    /** Exited; started again after the backoff. */
    RESTARTING,
    /** Exited while the pipeline stops: started again only if records still arrive. */
    DORMANT,
    /** Its input is closed: it may finish the request it holds, and is not restarted once it exits. */
    CLOSING,
    /** Gone for good: exited after its input was closed, or nothing reads its output any more. */
    CLOSED;

    /** The states this one may go to. */
    Set<WorkerState> next() {
        return switch (this) {
            case NEW -> EnumSet.of(IDLE, CLOSED);
            case IDLE -> EnumSet.of(BUSY, KILLED, RESTARTING, CLOSING, CLOSED);
            case BUSY -> EnumSet.of(SETTLING, KILLED, RESTARTING, CLOSING, CLOSED);
            case SETTLING -> EnumSet.of(IDLE, KILLED, RESTARTING, CLOSING, CLOSED);
            case KILLED -> EnumSet.of(RESTARTING, CLOSING, CLOSED);
            case RESTARTING -> EnumSet.of(IDLE, DORMANT, CLOSED);
            case DORMANT -> EnumSet.of(RESTARTING, CLOSED);
            case CLOSING -> EnumSet.of(CLOSED);
            case CLOSED -> EnumSet.noneOf(WorkerState.class);
        };
    }

    /**
     * {@code next}, when this state may go there.
     *
     * @throws IllegalStateException for a transition not allowed
     */
    WorkerState to(WorkerState next) {
        if (!next().contains(next)) {
            throw new IllegalStateException("a worker cannot go from " + this + " to " + next);
        }
        return next;
    }

    /** Whether a program runs that has not been killed or had its input closed: one that can take requests in turn. */
    boolean running() {
        return this == IDLE || this == BUSY || this == SETTLING;
    }
}
