package dev.blueprint.components.payload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import dev.blueprint.api.Record;

/**
 * Turns text lines into records per {@code format}. A jsonl line that is not JSON goes to errors
 * ({@code bad_json}) carrying the raw line; blank lines are skipped.
 */
public final class LineDecoder {
    private final ComponentContext context;
    private final LineFormat format;
    private final Output out;

    /** A decoder emitting to {@code context}'s output. */
    public LineDecoder(ComponentContext context, LineFormat format) {
        this.context = context;
        this.format = format;
        this.out = context.output();
    }

    /** Emits the record {@code line} makes, or reports it as an error. */
    public void accept(String line) {
        if (format == LineFormat.LINES) {
            out.emit(TextNode.valueOf(line));
            return;
        }
        if (line.isBlank()) {
            return;
        }
        JsonNode value;
        try {
            value = context.json().readTree(line);
        } catch (JsonProcessingException e) {
            context.reportError(new Record(TextNode.valueOf(line), 0, context.name(), System.currentTimeMillis()), "bad_json", e);
            return;
        }
        out.emit(value);
    }
}
