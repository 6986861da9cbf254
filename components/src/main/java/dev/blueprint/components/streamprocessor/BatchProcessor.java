package dev.blueprint.components.streamprocessor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import dev.blueprint.api.Record;

/**
 * Collects record values into JSON arrays of up to {@code size}; a partial batch is sent once it is
 * {@code duration} old, and when the inputs end.
 */
final class BatchProcessor implements Component {
    private final BatchConfig config;
    private ArrayNode batch;
    private final HeldAcknowledgements held = new HeldAcknowledgements();
    private ComponentContext context;
    private long startedNanos;
    private Output out;

    BatchProcessor(BatchConfig config) {
        this.config = config;
    }

    @Override
    public void start(ComponentContext context) {
        this.context = context;
        out = context.output();
        long tick = Math.max(5, Math.min(1000, config.duration().toMillis() / 4));
        context.schedule(java.time.Duration.ofMillis(tick), () -> {
            if (batch != null && System.nanoTime() - startedNanos >= config.duration().toNanos()) {
                flush();
            }
        });
    }

    @Override
    public void onRecord(String input, Record record) {
        if (batch == null) {
            batch = JsonNodeFactory.instance.arrayNode(Math.min(config.size(), 1024));
            startedNanos = System.nanoTime();
        }
        batch.add(record.value());
        held.hold(context);
        if (batch.size() >= config.size()) {
            flush();
        }
    }

    private void flush() {
        if (batch != null) {
            held.emit(out, batch);
            batch = null;
        }
    }

    @Override
    public void onInputsEnded() {
        flush();
    }
}
