package dev.blueprint.components.filter;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import dev.blueprint.api.Record;
import dev.blueprint.components.jq.JqExpression;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/** Sends each record to output when the condition holds, to rejected otherwise, to errors when jq fails. */
final class FilterComponent implements Component {
    private final FilterConfig config;
    private ComponentContext context;
    private JqExpression condition;
    private Output passed;
    private Output rejected;

    FilterComponent(FilterConfig config) {
        this.config = config;
    }

    @Override
    public void start(ComponentContext context) throws JsonQueryException {
        this.context = context;
        this.condition = config.condition() == null ? null : JqExpression.compile(config.condition());
        this.passed = context.output();
        this.rejected = context.output("rejected");
    }

    @Override
    public void onRecord(String input, Record record) {
        if (condition == null) {
            passed.send(record);
            return;
        }
        boolean pass;
        try {
            pass = condition.test(record);
        } catch (JsonQueryException | RuntimeException e) {
            context.reportError(record, "jq_error", e);
            return;
        }
        (pass ? passed : rejected).send(record);
    }
}
