package dev.blueprint.api;

/**
 * A running instance of a component type, created by its {@link ComponentProvider}.
 *
 * <p>The runtime gives every component its own thread, named {@code blueprint-<name>}, and calls the
 * methods below on it in this order: {@link #start}, then either {@link #run} (when no input of the
 * component is bound, e.g. a source) or {@link #onRecord} for each input record followed by
 * {@link #onInputsEnded} once every bound input has ended and drained; finally {@link #close}. Only
 * {@link #stop} is called from another thread.
 *
 * <p>A component may emit from other threads too (a server emitting what its clients send):
 * {@link Output} is thread-safe.
 */
public interface Component {

    /**
     * Prepares the component: open files, bind sockets, start helper threads. Called once on the
     * component's thread before anything else. Throwing fails the run (exit code 1).
     */
    default void start(ComponentContext context) throws Exception {
    }

    /**
     * Produces records on its own; called only when none of the component's inputs is bound. Blocks
     * until the component has nothing more to produce or {@link ComponentContext#isStopping()} turns
     * true (the runtime also calls {@link #stop()} then). Returning finishes the component and ends its
     * outputs. The default returns at once.
     */
    default void run() throws Exception {
    }

    /**
     * Handles one input record. Throwing counts the record as an error, logs it once at WARN and sends
     * it to the component's {@code errors} output when that is bound; the pipeline keeps running.
     *
     * @param input the name of the input stream the record arrived on
     * @param record the record
     */
    default void onRecord(String input, Record record) throws Exception {
    }

    /**
     * Called once after every bound input has ended and drained, before the outputs are closed: the
     * place to flush buffered state (windows, batches).
     */
    default void onInputsEnded() throws Exception {
    }

    /**
     * Asks the component to stop producing on its own (graceful shutdown). Called at most once, in dependency order
     * (see {@link ComponentContext#isStopping()}): for a source when the shutdown begins, for any other component once
     * everything upstream of it has finished, unless it has finished by then; on the thread that began the shutdown or
     * on the thread of the component whose end made this one due. Must return quickly. Records already queued for its
     * inputs are still delivered afterwards.
     */
    default void stop() {
    }

    /** Releases resources. Called once on the component's thread, last. */
    default void close() throws Exception {
    }
}
