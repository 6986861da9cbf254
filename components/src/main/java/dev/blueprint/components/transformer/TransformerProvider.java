package dev.blueprint.components.transformer;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.ConfigProblem;
import dev.blueprint.api.Streams;
import dev.blueprint.components.jq.JqExpression;
import java.util.List;

/** The {@code Transformer} type: turns each record into zero or more records. */
public final class TransformerProvider implements ComponentProvider<TransformerConfig> {
    @Override
    public String type() {
        return "Transformer";
    }

    @Override
    public String description() {
        return "Turns each record into zero or more records with a jq expression.";
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
        if (config.expression() == null) {
            return List.of(ConfigProblem.warning("", "no expression set: every record passes through unchanged"));
        }
        return JqExpression.problem("expression", config.expression()).stream().toList();
    }

    @Override
    public Component create(TransformerConfig config) {
        return new TransformerComponent(config);
    }
}
