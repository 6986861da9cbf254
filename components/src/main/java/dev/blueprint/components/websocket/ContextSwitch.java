package dev.blueprint.components.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.api.Acknowledgement;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import dev.blueprint.api.PipelineMetrics;
import dev.blueprint.api.Readiness;
import dev.blueprint.api.Record;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The server's view of its pipeline, which a reload ({@code run --watch}) replaces under it: the connections,
 * their threads and the helpers built at start hold this, and reach whichever pipeline the server is in now.
 */
final class ContextSwitch implements ComponentContext {
    private volatile ComponentContext current;

    ContextSwitch(ComponentContext first) {
        this.current = first;
    }

    /** From now on, everything goes to {@code next}. */
    void switchTo(ComponentContext next) {
        current = next;
    }

    @Override
    public String name() {
        return current.name();
    }

    @Override
    public String systemName() {
        return current.systemName();
    }

    @Override
    public Path blueprintDirectory() {
        return current.blueprintDirectory();
    }

    @Override
    public Output output(String name) {
        current.output(name); // an unknown name fails now, as it would without the switch
        return new SwitchedOutput(name);
    }

    @Override
    public Set<String> boundInputs() {
        return current.boundInputs();
    }

    @Override
    public boolean isStopping() {
        return current.isStopping();
    }

    @Override
    public Duration shutdownGracePeriod() {
        return current.shutdownGracePeriod();
    }

    @Override
    public void reportError(Record record, String kind, Throwable error) {
        current.reportError(record, kind, error);
    }

    @Override
    public Acknowledgement hold() {
        return current.hold();
    }

    @Override
    public boolean awaitAcknowledgements(Duration timeout) throws InterruptedException {
        return current.awaitAcknowledgements(timeout);
    }

    @Override
    public void written(long records) {
        current.written(records);
    }

    @Override
    public void fail(Throwable cause) {
        current.fail(cause);
    }

    @Override
    public PipelineMetrics metrics() {
        return current.metrics();
    }

    @Override
    public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
        return current.meterRegistry();
    }

    @Override
    public ObjectMapper json() {
        return current.json();
    }

    @Override
    public void schedule(Duration period, Runnable task) {
        current.schedule(period, task);
    }

    @Override
    public Readiness readiness() {
        return current.readiness();
    }

    @Override
    public void listening(String key, int port) {
        current.listening(key, port);
    }

    /** An output of whichever pipeline is current, looked up by name on each use (a map lookup). */
    private final class SwitchedOutput implements Output {
        private final String name;

        SwitchedOutput(String name) {
            this.name = name;
        }

        private Output now() {
            return current.output(name);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean isBound() {
            return now().isBound();
        }

        @Override
        public Record emit(JsonNode value) {
            return now().emit(value);
        }

        @Override
        public Record emit(JsonNode value, Runnable onHandled) {
            return now().emit(value, onHandled);
        }

        @Override
        public Record emit(JsonNode value, Acknowledgement derivedFrom) {
            return now().emit(value, derivedFrom);
        }

        @Override
        public void send(Record record) {
            now().send(record);
        }

        @Override
        public void close() {
            now().close();
        }

        @Override
        public boolean wouldDrop() {
            return now().wouldDrop();
        }
    }
}
