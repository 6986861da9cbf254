package dev.blueprint.components.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each transition of a worker's life, one test each: the ones the worker makes are allowed, every other one is
 * refused. The table is written out here on its own, so that a transition added to or dropped from
 * {@link WorkerState} is a decision this test makes visible.
 */
class WorkerStateTest {
    /** The worker's transitions, each with the event that makes it. */
    private static final List<String> ALLOWED = List.of(
            "NEW -> IDLE",            // its program started
            "NEW -> CLOSED",          // closed before it was started
            "IDLE -> BUSY",           // a request handed to it
            "IDLE -> KILLED",         // it printed an over-long line with no request
            "IDLE -> RESTARTING",     // its program exited
            "IDLE -> CLOSING",        // its input closed
            "IDLE -> CLOSED",         // its reader died
            "BUSY -> SETTLING",       // its answer ended
            "BUSY -> KILLED",         // timeout, or an over-long line
            "BUSY -> RESTARTING",     // exited mid-answer: the request is answered with worker_exited
            "BUSY -> CLOSING",        // its input closed while it answers (a forced stop)
            "BUSY -> CLOSED",         // its reader died
            "SETTLING -> IDLE",       // everything it printed was read
            "SETTLING -> KILLED",     // an over-long line after its answer
            "SETTLING -> RESTARTING", // exited after its answer
            "SETTLING -> CLOSING",    // its input closed
            "SETTLING -> CLOSED",     // its reader died
            "KILLED -> RESTARTING",   // the kill took effect
            "KILLED -> CLOSING",      // its input closed before the kill took effect
            "KILLED -> CLOSED",       // its reader died
            "RESTARTING -> IDLE",     // started again after the backoff
            "RESTARTING -> DORMANT",  // the pipeline is stopping: not started again for now
            "RESTARTING -> CLOSED",   // closed while it waited
            "DORMANT -> RESTARTING",  // records still arrive while the pipeline stops
            "DORMANT -> CLOSED",      // closed while dormant
            "CLOSING -> CLOSED");     // exited after its input closed

    static Stream<Arguments> allowed() {
        return ALLOWED.stream().map(t -> t.split(" -> ")).map(t -> Arguments.of(WorkerState.valueOf(t[0]), WorkerState.valueOf(t[1])));
    }

    static Stream<Arguments> refused() {
        List<Arguments> refused = new ArrayList<>();
        for (WorkerState from : WorkerState.values()) {
            for (WorkerState to : WorkerState.values()) {
                if (!ALLOWED.contains(from + " -> " + to)) {
                    refused.add(Arguments.of(from, to));
                }
            }
        }
        return refused.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("allowed")
    void aTransitionTheWorkerMakesIsAllowed(WorkerState from, WorkerState to) {
        assertThat(from.to(to)).isEqualTo(to);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("refused")
    void anyOtherTransitionIsRefusedNamingBothStates(WorkerState from, WorkerState to) {
        assertThatThrownBy(() -> from.to(to)).isInstanceOf(IllegalStateException.class)
                .hasMessage("a worker cannot go from " + from + " to " + to);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void onlyIdleBusyAndSettlingCountAsRunningForTheKillAndCloseDecisions(WorkerState state) {
        assertThat(state.running()).isEqualTo(Set.of(WorkerState.IDLE, WorkerState.BUSY, WorkerState.SETTLING).contains(state));
    }

    static Stream<WorkerState> states() {
        return Stream.of(WorkerState.values());
    }
}
