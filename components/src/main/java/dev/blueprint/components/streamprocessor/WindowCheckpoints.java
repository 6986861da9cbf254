package dev.blueprint.components.streamprocessor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.Acknowledgement;
import dev.blueprint.api.ComponentContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints a window's state to its store every {@code state.interval}: the open windows (with the ids they
 * counted), the windows emitted whose results are not yet handled, the watermark and the alignment. A record's
 * acknowledgement is released once a checkpoint holds it, so that after a crash its source redelivers exactly what no
 * checkpoint holds, and the ids recognise what a checkpoint held but the source had not yet been told. An emitted
 * window leaves the checkpoints only once its result is handled; one restored as emitted is emitted again.
 */
final class WindowCheckpoints {
    private static final Logger log = LoggerFactory.getLogger(WindowCheckpoints.class);
    private final WindowConfig config;
    private final ComponentContext context;
    private final OpenWindows windows;
    private final Watermark watermark;
    private final WindowAssigner assigner;
    private final WindowResults results;
    private final CheckpointWriter writer;
    /** Emitted windows whose results are not yet handled, with whether they were partial. */
    private final Map<Pane, Boolean> emitting = new LinkedHashMap<>();
    private final Queue<Pane> handled = new ConcurrentLinkedQueue<>();
    private final Queue<Pane> retry = new ConcurrentLinkedQueue<>();

    WindowCheckpoints(WindowConfig config, ComponentContext context, OpenWindows windows, Watermark watermark,
            WindowAssigner assigner, WindowResults results) throws Exception {
        this.config = config;
        this.context = context;
        this.windows = windows;
        this.watermark = watermark;
        this.assigner = assigner;
        this.results = results;
        this.writer = new CheckpointWriter(config.state(), context);
    }

    /** Reads the last checkpoint back; returns whether it fixed the windows' alignment. */
    boolean restore() throws Exception {
        JsonNode state = writer.load();
        if (state == null) {
            return false;
        }
        watermark.restore(state.path("latest").asLong(Long.MIN_VALUE), state.path("watermark").asLong(Long.MIN_VALUE));
        boolean percentiles = !config.percentiles().isEmpty();
        for (JsonNode p : state.path("open")) {
            windows.restore(pane(p, percentiles));
        }
        for (JsonNode p : state.path("emitting")) {
            Pane pane = pane(p, percentiles);
            pane.emitted = true;
            windows.remember(pane);
            emitting.put(pane, p.path("partial").asBoolean());
            retry.add(pane); // its result may not have reached the sink before the process ended
        }
        log.info("{} - restored {} open and {} unfinished windows from {}", context.name(), state.path("open").size(),
                emitting.size(), writer.display());
        if (state.has("offset")) {
            assigner.restoreOffset(state.get("offset").asLong());
            return true;
        }
        return false;
    }

    private static Pane pane(JsonNode p, boolean percentiles) {
        Pane pane = new Pane(p.path("kt").asText(), p.get("key"), p.path("s").asLong(), p.path("e").asLong(),
                Aggregate.fromState(p.path("a"), percentiles), p.has("ids"));
        p.path("ids").forEach(id -> pane.ids.add(id.asText()));
        return pane;
    }

    /** Keeps {@code ack} until the next checkpoint, which holds its record. */
    void holdUntilNext(Acknowledgement ack) {
        writer.holdUntilNext(ack);
    }

    /** Something changed since the last checkpoint. */
    void changed() {
        writer.changed();
    }

    void emitting(Pane pane, boolean partial) {
        emitting.put(pane, partial);
        writer.changed();
    }

    /** The result of {@code pane} was handled (any thread): it leaves the next checkpoint. */
    void handled(Pane pane) {
        handled.add(pane);
    }

    /** A sink gave the result of {@code pane} up (any thread): it is emitted again at the next checkpoint. */
    void failed(Pane pane, Throwable reason) {
        log.warn("{} - the result of window {} .. {} failed downstream ({}); emitting it again", context.name(), pane.start,
                pane.end, reason.toString());
        retry.add(pane);
    }

    /** Writes a checkpoint if the interval has passed (or {@code now}) and something changed. */
    void maybeWrite(boolean now) {
        Pane p;
        while ((p = retry.poll()) != null) {
            results.emit(p, emitting.getOrDefault(p, false));
        }
        while ((p = handled.poll()) != null) {
            if (emitting.remove(p) != null) {
                windows.forget(p);
                writer.changed();
            }
        }
        writer.maybeWrite(now, this::state);
    }

    private ObjectNode state() {
        ObjectNode o = context.json().createObjectNode();
        o.put("watermark", watermark.value()).put("latest", watermark.latest());
        if (config.align() == WindowConfig.Align.START) {
            o.put("offset", assigner.offset());
        }
        ArrayNode open = o.putArray("open");
        windows.all().forEach(p -> open.add(pane(p)));
        ArrayNode unfinished = o.putArray("emitting");
        emitting.forEach((p, partial) -> unfinished.add(pane(p).put("partial", partial)));
        return o;
    }

    private ObjectNode pane(Pane p) {
        ObjectNode o = context.json().createObjectNode();
        o.put("kt", p.keyText);
        if (p.key != null) {
            o.set("key", p.key);
        }
        o.put("s", p.start).put("e", p.end);
        p.aggregate.toState(o.putObject("a"));
        if (p.ids != null) {
            ArrayNode ids = o.putArray("ids");
            p.ids.forEach(ids::add);
        }
        return o;
    }

    /** The last checkpoint, once the results still downstream are handled (within the grace period). */
    void close() throws InterruptedException {
        try {
            context.awaitAcknowledgements(context.shutdownGracePeriod());
            maybeWrite(true);
        } finally {
            writer.close();
        }
    }
}
