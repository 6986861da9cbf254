package dev.blueprint.runtime.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.Acknowledgement;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import dev.blueprint.api.PipelineMetrics;
import dev.blueprint.api.Readiness;
import dev.blueprint.api.Record;
import dev.blueprint.api.Streams;
import dev.blueprint.runtime.json.BlueprintJson;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link ComponentContext} of one running component. */
final class RunnerContext implements ComponentContext {
    private static final Logger log = LoggerFactory.getLogger(RunnerContext.class);
    static final long LOG_FIRST = 100;
    static final long LOG_EVERY = 1000;
    private final String name;
    private final Pipeline pipeline;
    private final ComponentCounters counters;
    private final Map<String, OutputPort> outputs;
    private final Set<String> boundInputs;
    private final List<ScheduledTask> tasks = new ArrayList<>();
    private volatile boolean started;
    private volatile boolean stopping;
    private final Handling handling;

    RunnerContext(String name, Pipeline pipeline, ComponentCounters counters, Map<String, OutputPort> outputs, Set<String> boundInputs,
            Handling handling) {
        this.handling = handling;
        this.name = name;
        this.pipeline = pipeline;
        this.counters = counters;
        this.outputs = outputs;
        this.boundInputs = boundInputs;
    }

    @Override
    public java.time.Clock clock() {
        return pipeline.clock();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String systemName() {
        return pipeline.blueprint().name();
    }

    @Override
    public Path blueprintDirectory() {
        return dev.blueprint.runtime.validate.BlueprintLoader.blueprintDirectory(pipeline.blueprint().file());
    }

    @Override
    public Output output(String stream) {
        OutputPort port = outputs.get(stream);
        if (port == null) {
            throw new IllegalArgumentException(name + " has no output '" + stream + "'; its outputs: " + outputs.keySet());
        }
        return port;
    }

    /** The port for an output name a binding used on an open-ended component, or an unbound one. */
    Map<String, OutputPort> outputs() {
        return outputs;
    }

    @Override
    public Set<String> boundInputs() {
        return boundInputs;
    }

    @Override
    public boolean isStopping() {
        return stopping;
    }

    /** This component is asked to stop (see {@link Pipeline#stop()} for the order). */
    void markStopping() {
        stopping = true;
    }

    @Override
    public Duration shutdownGracePeriod() {
        return pipeline.blueprint().shutdownGracePeriod();
    }

    @Override
    public void reportError(Record record, String kind, Throwable error) {
        ObjectNode e = countError(record, kind, error);
        if (e != null) {
            outputs.get(Streams.ERRORS).emit(e);
        }
    }

    @Override
    public boolean giveUp(Record record, Acknowledgement acknowledgement, String kind, Throwable error) {
        ObjectNode e = countError(record, kind, error);
        if (e == null) {
            acknowledgement.fail(error);
            return false;
        }
        try {
            outputs.get(Streams.ERRORS).emit(e, acknowledgement); // the dead letter carries the source's acknowledgement
        } finally {
            acknowledgement.release();
        }
        return true;
    }

    /** Whether failed records go to a bound {@code errors} output (dead letters) rather than back to their source. */
    boolean deadLetters() {
        OutputPort errors = outputs.get(Streams.ERRORS);
        return errors != null && errors.isBound();
    }

    /**
     * Counts and logs a failure; returns the error record to send to {@code errors}, or null when nothing reads
     * it.
     */
    private ObjectNode countError(Record record, String kind, Throwable error) {
        long n = counters.error();
        String message = error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName();
        counters.recentErrors().add(kind, message, record == null ? null : record.value());
        // every failure is counted and routed to errors; the log gets the first ones, then one line per
        // LOG_EVERY, so that a stream of bad records cannot flood stderr
        if (n <= LOG_FIRST || n % LOG_EVERY == 0) {
            String more = n == LOG_FIRST ? " (further failures are logged every " + LOG_EVERY + "th; all are counted)" : "";
            if (record != null) {
                log.warn("{} - record #{} from {} failed ({}): {}{}", name, record.sequence(), record.origin(), kind, message, more);
            } else {
                log.warn("{} - {}: {}{}", name, kind, message, more);
            }
        }
        if (!deadLetters()) {
            return null;
        }
        ObjectNode e = BlueprintJson.records().createObjectNode();
        e.put("component", name);
        e.put("kind", kind);
        e.put("error", message);
        if (record != null) {
            e.put("origin", record.origin());
            e.put("sequence", record.sequence());
            e.set("record", record.value());
        }
        e.put("timestamp", Instant.now().toString());
        return e;
    }

    @Override
    public Acknowledgement hold() {
        Acknowledgement current = handling.current();
        current.hold();
        return current;
    }

    @Override
    public boolean awaitAcknowledgements(Duration timeout) throws InterruptedException {
        return counters.awaitAcknowledgements(timeout.toNanos());
    }

    @Override
    public void written(long records) {
        counters.written(records);
    }

    @Override
    public void fail(Throwable cause) {
        pipeline.failFromOutside(name, cause);
    }

    @Override
    public PipelineMetrics metrics() {
        return pipeline.metrics();
    }

    @Override
    public MeterRegistry meterRegistry() {
        return pipeline.meters().registry();
    }

    @Override
    public ObjectMapper json() {
        return BlueprintJson.records();
    }

    @Override
    public void schedule(Duration period, Runnable task) {
        if (started) {
            throw new IllegalStateException(name + " - schedule() may only be called from start()");
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, was " + period);
        }
        tasks.add(new ScheduledTask(period.toNanos(), task, System.nanoTime()));
    }

    List<ScheduledTask> tasks() {
        return tasks;
    }

    Handling handling() {
        return handling;
    }

    void markStarted() {
        started = true;
    }

    @Override
    public Readiness readiness() {
        return pipeline.readiness();
    }

    @Override
    public void listening(String key, int port) {
        pipeline.listening(name, key, port);
    }
}
