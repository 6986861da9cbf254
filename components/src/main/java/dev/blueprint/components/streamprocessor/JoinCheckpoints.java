package dev.blueprint.components.streamprocessor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.Acknowledgement;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints of a keyed join (through the window's {@link CheckpointWriter}): its buffer, which {@link KeyedJoin}
 * writes, plus the pairs and unmatched records emitted whose handling the sinks have not yet confirmed. Those stay in
 * every checkpoint until they are handled and are emitted again when restored, so a record's acknowledgement can be
 * released as soon as a checkpoint holds the record or what it became.
 */
final class JoinCheckpoints {
    private static final Logger log = LoggerFactory.getLogger(JoinCheckpoints.class);
    private final ComponentContext context;
    private final CheckpointWriter writer;
    private final Map<String, Output> outputs = new HashMap<>();
    /** Emitted, not yet handled: by a number of their own, in emission order. */
    private final Map<Long, Emission> emitting = new LinkedHashMap<>();
    private final Queue<Long> handled = new ConcurrentLinkedQueue<>();
    private final Queue<Long> retry = new ConcurrentLinkedQueue<>();
    private long next;

    /** A record sent to {@code output} (output or unmatched). */
    private record Emission(String output, JsonNode value) {
    }

    JoinCheckpoints(StateConfig config, ComponentContext context) throws Exception {
        this.context = context;
        this.writer = new CheckpointWriter(config, context);
    }

    /** The last checkpoint (null when none), after queueing its unfinished emissions to be emitted again. */
    JsonNode restore() throws Exception {
        JsonNode state = writer.load();
        if (state == null) {
            return null;
        }
        for (JsonNode e : state.path("emitting")) {
            long n = next++;
            emitting.put(n, new Emission(e.path("output").asText(), e.get("value")));
            retry.add(n); // it may not have reached its sink before the process ended
        }
        log.info("{} - restored {} buffered records and {} unfinished results from {}", context.name(), state.path("buffer").size(),
                emitting.size(), writer.display());
        return state;
    }

    void holdUntilNext(Acknowledgement ack) {
        if (ack.isTracked()) {
            writer.holdUntilNext(ack);
        }
    }

    void changed() {
        writer.changed();
    }

    /** Emits {@code value} to {@code output}; it stays in the checkpoints until it is handled. */
    void emit(String output, JsonNode value) {
        long n = next++;
        emitting.put(n, new Emission(output, value));
        writer.changed();
        send(n);
    }

    private void send(long n) {
        Emission e = emitting.get(n);
        outputs.computeIfAbsent(e.output(), context::output).emit(e.value(), () -> handled.add(n), reason -> {
            log.warn("{} - a result sent to {} failed downstream ({}); emitting it again", context.name(), e.output(), reason.toString());
            retry.add(n);
        });
    }

    /** Emits again what failed, forgets what was handled, and writes a checkpoint if one is due (or {@code now}). */
    void maybeWrite(boolean now, Supplier<ObjectNode> buffer) {
        Long n;
        while ((n = retry.poll()) != null) {
            send(n);
        }
        while ((n = handled.poll()) != null) {
            if (emitting.remove(n) != null) {
                writer.changed();
            }
        }
        writer.maybeWrite(now, () -> {
            ObjectNode o = buffer.get();
            ArrayNode unfinished = o.putArray("emitting");
            emitting.values().forEach(e -> unfinished.addObject().put("output", e.output()).set("value", e.value()));
            return o;
        });
    }

    /** The last checkpoint, once the results still downstream are handled (within the grace period). */
    void close(Supplier<ObjectNode> buffer) throws InterruptedException {
        try {
            context.awaitAcknowledgements(context.shutdownGracePeriod());
            maybeWrite(true, buffer);
        } finally {
            writer.close();
        }
    }
}
