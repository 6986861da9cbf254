package dev.blueprint.components.transformer;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.ConfigProblem;
import dev.blueprint.api.Output;
import dev.blueprint.api.Record;
import dev.blueprint.api.Streams;
import java.util.List;

/** The {@code Transformer} type: turns each record into zero or more records. */
public final class TransformerProvider implements ComponentProvider<TransformerConfig> {
    @Override
    public String type() {
        return "Transformer";
    }

    @Override
    public String description() {
        return "Turns each record into zero or more records.";
    }

    @Override
    public Class<TransformerConfig> configType() {
        return TransformerConfig.class;
    }

    @Override
    public Streams streams(TransformerConfig config) {
        return Streams.processor("output");
    }

    @Override
    public List<ConfigProblem> check(TransformerConfig config) {
        return List.of(ConfigProblem.warning("", "no expression set: every record passes through unchanged"));
    }

    @Override
    public Component create(TransformerConfig config) {
        return new Component() {
            private Output out;

            @Override
            public void start(ComponentContext context) {
                out = context.output();
            }

            @Override
            public void onRecord(String input, Record record) {
                out.send(record);
            }
        };
    }
}
