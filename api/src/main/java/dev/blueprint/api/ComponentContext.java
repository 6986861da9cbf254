package dev.blueprint.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * What the runtime offers a running component. Thread-safe unless a method says otherwise.
 */
public interface ComponentContext {

    /** The component's name in the blueprint. */
    String name();

    /**
     * The run's clock: what processing time is. The system clock in a run; {@code blueprint test} gives a clock its
     * test controls (its {@code time:} section), so that time windows close where the test says.
     */
    default java.time.Clock clock() {
        return java.time.Clock.systemUTC();
    }

    /** The name of the blueprint's system. */
    String systemName();

    /**
     * The absolute directory of the blueprint file being run, against which a component resolves the
     * relative paths its config names (a worker script, say), so that a blueprint runs the same from any
     * working directory. For a blueprint not read from a file, the working directory.
     */
    Path blueprintDirectory();

    /** The default output, {@code output}. */
    default Output output() {
        return output("output");
    }

    /**
     * The named output. Unbound outputs are valid and discard what is emitted.
     *
     * @throws IllegalArgumentException if the component's streams do not declare it
     */
    Output output(String name);

    /** Names of this component's inputs that at least one binding delivers to. */
    Set<String> boundInputs();

    /**
     * True once this component is asked to stop in a graceful shutdown. The stop goes in dependency order: a
     * component with no bound input (a source) is asked at once, any other once every component upstream of it
     * has finished (components in a cycle with it aside), so that what the stop still sends (a window's partial
     * aggregate, a flushed batch) reaches it while it is not yet stopping, and goes out like any record.
     */
    boolean isStopping();

    /** The system's {@code shutdown_grace_period}. */
    Duration shutdownGracePeriod();

    /**
     * Counts a record that could not be handled, logs it once at WARN and sends an error record to the
     * {@code errors} output when bound. The runtime does this itself when {@link Component#onRecord}
     * throws; call it for failures found on other threads.
     *
     * @param record the record that failed, or null when the failure is not about one record
     * @param kind a short machine-readable kind, e.g. {@code bad_message}, {@code jq_error}
     * @param error the failure
     */
    void reportError(Record record, String kind, Throwable error);

    /**
     * Gives up on a record that could not be delivered (a sink's last retry failed, a broker refused it): counts
     * and logs it like {@link #reportError}, and then, when this component's {@code errors} output is bound,
     * sends the error record there carrying {@code acknowledgement} (a dead letter: the source hears "handled"
     * once that error record is) and gives the hold back; when it is not bound, gives the hold back as failed
     * ({@link Acknowledgement#fail}), so that the source redelivers the message in its own way. Any thread may
     * call it; it may block while the {@code errors} queue is full. The default reports the error and fails the
     * hold.
     *
     * @param record the record given up on
     * @param acknowledgement the hold this component took on it ({@link #hold()}), given back here
     * @param kind a short machine-readable kind, e.g. {@code delivery_failed}
     * @param error why it was given up
     * @return whether it went to {@code errors} (dead-lettered) rather than back to its source as failed
     */
    default boolean giveUp(Record record, Acknowledgement acknowledgement, String kind, Throwable error) {
        reportError(record, kind, error);
        acknowledgement.fail(error);
        return false;
    }

    /**
     * Keeps the record being handled from counting as handled when {@link Component#onRecord} returns: release
     * the returned acknowledgement once it is (its line written to disk, its answer sent). Call it on the
     * component's thread, inside {@code onRecord}; elsewhere, or for a record no source tracks, it returns
     * {@link Acknowledgement#NONE}. A sink that buffers calls it so that a crash cannot lose what a source
     * was told is done.
     */
    Acknowledgement hold();

    /**
     * Blocks until every record this component emitted with an {@code onHandled} callback
     * ({@link Output#emit(com.fasterxml.jackson.databind.JsonNode, Runnable)}) has been handled and its callback
     * has returned, or until {@code timeout} passes; woken by the last release, not by polling. A broker source
     * calls it in {@link Component#close()} before closing its connection: its outputs are closed by then, so the
     * pipeline drains, and the acknowledgements of what is still downstream reach the broker instead of the broker
     * delivering those messages again on the next run. Call it on the component's own thread.
     *
     * @return whether none is left awaiting its acknowledgement
     * @throws InterruptedException when the thread is interrupted (the grace period ended)
     */
    boolean awaitAcknowledgements(Duration timeout) throws InterruptedException;

    /**
     * Tells the runtime that {@code records} more records have left the process for good: written to a file
     * or stdout in whole lines, accepted by a server. A sink calls it so that the run's summary can say how
     * many of the records it took it wrote and how many it did not ({@code written=}, {@code unwritten=}),
     * whatever way the run ends. Thread-safe; does not block.
     */
    void written(long records);

    /**
     * Fails this component from a thread of its own (a reader or a callback thread) when it can no longer do
     * its work: the run stops as if {@link Component#onRecord} or {@link Component#run} had thrown {@code cause}
     * (logged once at ERROR, exit code 1), and the component's thread is interrupted so that it does not wait
     * for what will never come. Does not block; only the first failure of a component counts.
     *
     * @param cause what went wrong, its message naming what the user can do
     */
    void fail(Throwable cause);

    /** Counters of the whole pipeline, for components that expose metrics. */
    PipelineMetrics metrics();

    /**
     * The run's one metrics registry (Micrometer), exposed on {@code /metrics} of the ops port and of a WebSocket
     * component's port: register a component's own meters here, tagged {@code component} with its name. Every
     * meter of one name must carry the same tag keys (Prometheus wants one label set per family).
     */
    MeterRegistry meterRegistry();

    /** A shared Jackson mapper for parsing and writing JSON. */
    ObjectMapper json();

    /**
     * Runs {@code task} every {@code period} on the component's own thread, between records (so it
     * needs no locking against {@link Component#onRecord}). Only callable from {@link Component#start}.
     * Not run for components in {@link Component#run} mode.
     */
    void schedule(Duration period, Runnable task);

    /**
     * The readiness checks of the whole run: register what this component depends on, or ask whether
     * everything is ready (a readiness probe). Shared by every component of the run.
     */
    Readiness readiness();

    /**
     * Tells the run that this component now listens on {@code port} for what its config key {@code key}
     * sets ({@code "port"}, {@code "http_port"}): with port 0 in the config, this is how the run learns the
     * port the system gave, to name it in {@code blueprint run --ready-file}. Call from {@link Component#start}
     * once the socket is bound (and again from a hand-over to a reloaded pipeline). Does not block; the
     * default does nothing, for contexts outside a run.
     */
    default void listening(String key, int port) {
    }
}
