package dev.blueprint.components.streamprocessor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.Acknowledgement;
import dev.blueprint.api.ComponentContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a stateful processor's checkpoints (a window's, a join's) to its {@link StateStore} every
 * {@code state.interval} and releases the acknowledgements each one covers: a record's source message counts as handled
 * only once a checkpoint that holds the record (or what it became) is durable. A checkpoint that cannot be written is
 * retried at the next interval, its records held meanwhile. Used on the component's thread only.
 */
final class CheckpointWriter {
    private static final Logger log = LoggerFactory.getLogger(CheckpointWriter.class);
    private final StateConfig config;
    private final ComponentContext context;
    private final StateStore store;
    private List<Acknowledgement> pending = new ArrayList<>();
    private boolean dirty;
    private boolean failing;
    private long lastWrite;

    CheckpointWriter(StateConfig config, ComponentContext context) throws Exception {
        this.config = config;
        this.context = context;
        this.store = StateStore.open(config, context);
    }

    /** The last checkpoint written, or null when there is none yet (logged). */
    JsonNode load() throws Exception {
        byte[] bytes = store.load();
        if (bytes == null) {
            log.info("{} - no checkpoint in {} yet; starting empty", context.name(), store.display());
            return null;
        }
        return context.json().readTree(bytes);
    }

    String display() {
        return store.display();
    }

    /** Keeps {@code ack} until the next checkpoint, which holds its record. */
    void holdUntilNext(Acknowledgement ack) {
        pending.add(ack);
    }

    /** Something changed since the last checkpoint. */
    void changed() {
        dirty = true;
    }

    /**
     * Writes {@code state} if the interval has passed (or {@code now}) and something changed or acknowledgements wait,
     * then releases those acknowledgements.
     */
    void maybeWrite(boolean now, Supplier<ObjectNode> state) {
        long t = System.nanoTime();
        if (!dirty && pending.isEmpty() || !now && t - lastWrite < config.interval().toNanos()) {
            return;
        }
        try {
            store.save(context.json().writeValueAsBytes(state.get()));
        } catch (Exception e) {
            if (!failing) {
                log.warn("{} - cannot write a checkpoint to {} ({}); its records stay unacknowledged, retrying", context.name(),
                        store.display(), e.toString());
                failing = true;
            }
            return;
        }
        if (failing) {
            log.info("{} - writing checkpoints to {} again", context.name(), store.display());
            failing = false;
        }
        lastWrite = t;
        dirty = false;
        List<Acknowledgement> covered = pending;
        pending = new ArrayList<>();
        covered.forEach(Acknowledgement::release);
    }

    void close() {
        store.close();
    }
}
