package dev.blueprint.components.transformer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import dev.blueprint.api.Record;
import dev.blueprint.components.jq.JqExpression;
import java.util.List;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * Emits every result of the expression as its own record. Results are computed in full before any is
 * emitted, so a record that fails half-way goes to errors alone, not partly to output.
 */
final class TransformerComponent implements Component {
    private final TransformerConfig config;
    private ComponentContext context;
    private JqExpression expression;
    private Output out;

    TransformerComponent(TransformerConfig config) {
        this.config = config;
    }

    @Override
    public void start(ComponentContext context) throws JsonQueryException {
        this.context = context;
        this.expression = config.expression() == null ? null : JqExpression.compile(config.expression());
        this.out = context.output();
    }

    @Override
    public void onRecord(String input, Record record) {
        if (expression == null) {
            out.send(record);
            return;
        }
        List<JsonNode> results;
        try {
            results = expression.apply(record);
        } catch (JsonQueryException | RuntimeException e) {
            context.reportError(record, "jq_error", e);
            return;
        }
        for (JsonNode v : results) {
            out.emit(v);
        }
    }
}
