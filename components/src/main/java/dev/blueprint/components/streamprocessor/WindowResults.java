package dev.blueprint.components.streamprocessor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.Output;
import java.time.Instant;

/**
 * Turns closed windows into result records, {@code {key?, count, sum, avg, min, max, first, last, p50.., start, end,
 * partial?}}, and emits them so that their records are acknowledged once the result is handled: by releasing the
 * holds the window kept, or, with a state store, by keeping the window in the checkpoints until then.
 */
final class WindowResults {
    private final WindowConfig config;
    private final Numbers numbers;
    private Output out;
    private OpenWindows windows;
    private WindowCheckpoints checkpoints;

    WindowResults(WindowConfig config) {
        this.config = config;
        this.numbers = new Numbers(config.round());
    }

    void start(Output out, OpenWindows windows, WindowCheckpoints checkpoints) {
        this.out = out;
        this.windows = windows;
        this.checkpoints = checkpoints;
    }

    /** The result of {@code pane}, marked partial when the window had not reached its end. */
    JsonNode result(Pane pane, boolean partial) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (pane.key != null) {
            o.set("key", pane.key);
        }
        pane.aggregate.writeTo(o, config.field() != null, config.percentiles(), numbers);
        o.put("start", Instant.ofEpochMilli(pane.start).toString());
        o.put("end", Instant.ofEpochMilli(pane.end).toString());
        if (partial) {
            o.put("partial", true);
        }
        return o;
    }

    /** Emits the result of a window taken out of the open ones. */
    void emit(Pane pane, boolean partial) {
        pane.emitted = true;
        JsonNode result = result(pane, partial);
        if (checkpoints == null) {
            windows.forget(pane);
            pane.held.emit(out, result);
        } else {
            checkpoints.emitting(pane, partial);
            out.emit(result, () -> checkpoints.handled(pane), reason -> checkpoints.failed(pane, reason));
        }
    }

    /** Drops a window on purpose (partial: drop): its records count as handled. */
    void drop(Pane pane) {
        pane.emitted = true;
        windows.forget(pane);
        pane.held.release();
    }
}
