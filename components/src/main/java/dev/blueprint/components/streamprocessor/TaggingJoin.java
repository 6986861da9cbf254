package dev.blueprint.components.streamprocessor;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import dev.blueprint.api.Record;

/** Joining without a key: both sides merged in arrival order as {@code {"side": "left", "record": ...}}. */
final class TaggingJoin implements Component {
    private Output out;

    @Override
    public void start(ComponentContext context) {
        out = context.output();
    }

    @Override
    public void onRecord(String input, Record record) {
        ObjectNode tagged = JsonNodeFactory.instance.objectNode();
        tagged.put("side", input);
        tagged.set("record", record.value());
        out.emit(tagged);
    }
}
