package dev.blueprint.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A named output stream of a component. Thread-safe: any thread may emit.
 *
 * <p>Emitting blocks while a bound receiver's queue is full and its binding's overflow policy is
 * {@code block}; with {@code drop_oldest}/{@code drop_newest} it never blocks and drops are counted.
 * Emitting to an output that no binding uses does nothing (the value is counted as unbound).
 */
public interface Output {

    /** The stream's name, e.g. {@code output}. */
    String name();

    /** Whether any binding reads this output. */
    boolean isBound();

    /**
     * Emits a new record carrying {@code value}, stamped with this component as origin and the next
     * sequence number.
     *
     * @throws PipelineStoppedException if the thread is interrupted while blocked (forced shutdown)
     */
    Record emit(JsonNode value);

    /**
     * Emits a new record for a source message that must be acknowledged: {@code onHandled} runs once the record
     * and every record derived from it have been handled or deliberately dropped (see {@link Acknowledgement}),
     * on whichever thread finished last. A record lost with the process never runs it. The default emits
     * without tracking and runs {@code onHandled} at once.
     */
    default Record emit(JsonNode value, Runnable onHandled) {
        Record r = emit(value);
        onHandled.run();
        return r;
    }

    /**
     * Emits a new record for a source message that must be acknowledged and can be redelivered: as
     * {@link #emit(JsonNode, Runnable)}, but when a sink gives the record (or one derived from it) up as failed,
     * {@code onFailed} runs with the reason instead of {@code onHandled}, once every copy is done with, so the
     * source can nack or leave the message pending. The default emits without tracking and runs {@code onHandled}.
     */
    default Record emit(JsonNode value, Runnable onHandled, java.util.function.Consumer<Throwable> onFailed) {
        return emit(value, onHandled);
    }

    /**
     * Emits a new record derived from a record handled earlier, from any thread, carrying that record's
     * acknowledgement: what a component that answers later (a worker process, say) calls, with the
     * acknowledgement it took by {@link ComponentContext#hold()} while handling the record, and releases
     * after its last answer. The default emits without it.
     */
    default Record emit(JsonNode value, Acknowledgement derivedFrom) {
        return emit(value);
    }

    /** Forwards an existing record unchanged (keeping its origin and sequence number). */
    void send(Record record);

    /**
     * Ends this output early: receivers see end-of-stream once they drained what was sent. Outputs still
     * open are closed by the runtime when the component finishes. Idempotent.
     */
    void close();

    /**
     * Whether an {@link #emit} now would drop: true when some bound receiver's queue is full and its
     * binding's overflow policy is not {@code block}. Lets a component refuse work upstream instead (an
     * HTTP endpoint answering 503). A hint only: the queue may fill or drain right after. The default says
     * false.
     */
    default boolean wouldDrop() {
        return false;
    }
}
