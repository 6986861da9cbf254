package com.example.uppercase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.Output;
import dev.blueprint.api.Record;
import dev.blueprint.api.Streams;
import java.util.Locale;

/**
 * An example plugin: upper-cases string fields. Registered in
 * {@code META-INF/services/dev.blueprint.api.ComponentProvider}, exactly like the built-in types.
 */
public final class UppercaseProvider implements ComponentProvider<UppercaseConfig> {
    @Override
    public String type() {
        return "Uppercase";
    }

    @Override
    public String description() {
        return "Example plugin: upper-cases the string fields of each record.";
    }

    @Override
    public Class<UppercaseConfig> configType() {
        return UppercaseConfig.class;
    }

    @Override
    public Streams streams(UppercaseConfig config) {
        return Streams.processor("output");
    }

    @Override
    public Component create(UppercaseConfig config) {
        return new Uppercase(config);
    }

    /** The running component: one record in, one record out. */
    static final class Uppercase implements Component {
        private final UppercaseConfig config;
        private Output out;

        Uppercase(UppercaseConfig config) {
            this.config = config;
        }

        @Override
        public void start(ComponentContext context) {
            out = context.output();
        }

        @Override
        public void onRecord(String input, Record record) {
            out.emit(transform(record.value()));
        }

        JsonNode transform(JsonNode value) {
            if (value.isTextual()) {
                return TextNode.valueOf(value.asText().toUpperCase(Locale.ROOT));
            }
            if (!value.isObject()) {
                return value;
            }
            // records are shared between receivers (fan-out), so change a copy, never the input
            ObjectNode copy = ((ObjectNode) value).deepCopy();
            copy.fields().forEachRemaining(e -> {
                boolean wanted = config.fields().isEmpty() || config.fields().contains(e.getKey());
                if (wanted && e.getValue().isTextual()) {
                    e.setValue(TextNode.valueOf(e.getValue().asText().toUpperCase(Locale.ROOT)));
                }
            });
            return copy;
        }
    }
}
