package dev.blueprint.components.jq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.Record;

/**
 * A record's metadata as jq sees it, in {@code $__meta}: {@code {created: epoch seconds (jq's unit, so
 * $__meta.created | todate works), created_ms, origin: the component that made it, sequence: its number there}}.
 */
final class RecordMeta {
    static final String VARIABLE = "__meta";

    private RecordMeta() {
    }

    static JsonNode of(Record record) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("created", record.createdMillis() / 1000.0);
        o.put("created_ms", record.createdMillis());
        o.put("origin", record.origin());
        o.put("sequence", record.sequence());
        return o;
    }
}
