package dev.blueprint.components.streamprocessor;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import dev.blueprint.api.Record;

/** Forwards records from every input, in arrival order, unchanged. */
final class MergeProcessor implements Component {
    private Output out;

    @Override
    public void start(ComponentContext context) {
        out = context.output();
    }

    @Override
    public void onRecord(String input, Record record) {
        out.send(record);
    }
}
