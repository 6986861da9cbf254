package dev.blueprint.components.source;

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
final class LineDecoder {
    private final ComponentContext context;
    private final SourceConfig.Format format;
    private final Output out;

    LineDecoder(ComponentContext context, SourceConfig.Format format) {
        this.context = context;
        this.format = format;
        this.out = context.output();
    }

    void accept(String line) {
        if (format == SourceConfig.Format.LINES) {
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
