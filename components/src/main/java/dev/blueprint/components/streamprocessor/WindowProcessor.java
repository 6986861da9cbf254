package dev.blueprint.components.streamprocessor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import dev.blueprint.api.Record;
import dev.blueprint.components.jq.JqExpression;
import java.util.LinkedHashMap;
import java.util.Map;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * Tumbling windows, per key when one is set: a window closes after {@code size} records of its key or,
 * with {@code duration}, every duration for all keys; partial windows are emitted when the inputs end.
 * A record whose field is not a number goes to errors ({@code not_a_number}) and is not counted.
 */
final class WindowProcessor implements Component {
    private final WindowConfig config;
    private final Map<String, Aggregate> groups = new LinkedHashMap<>();
    /** What each group's records wait for: the group's result to be handled. */
    private final Map<String, HeldAcknowledgements> holds = new java.util.HashMap<>();
    private ComponentContext context;
    private JqExpression key;
    private JqExpression field;
    private Output out;

    WindowProcessor(WindowConfig config) {
        this.config = config;
    }

    @Override
    public void start(ComponentContext context) throws JsonQueryException {
        this.context = context;
        this.key = config.key() == null ? null : JqExpression.compile(config.key());
        this.field = config.field() == null ? null : JqExpression.compile(config.field());
        this.out = context.output();
        if (config.duration() != null) {
            context.schedule(config.duration(), this::emitAll);
        }
    }

    @Override
    public void onRecord(String input, Record record) {
        JsonNode k;
        Double value = null;
        try {
            k = key == null ? null : orNull(key.first(record.value()));
            if (field != null) {
                JsonNode v = field.first(record.value());
                if (v == null || !v.isNumber()) {
                    context.reportError(record, "not_a_number",
                            new IllegalArgumentException("field " + config.field() + " is not a number: " + v));
                    return;
                }
                value = v.doubleValue();
            }
        } catch (JsonQueryException | RuntimeException e) {
            context.reportError(record, "jq_error", e);
            return;
        }
        String keyText = k == null ? "" : k.toString();
        Aggregate agg = groups.computeIfAbsent(keyText, x -> new Aggregate(k, System.currentTimeMillis()));
        agg.add(value);
        HeldAcknowledgements held = holds.computeIfAbsent(keyText, x -> new HeldAcknowledgements());
        held.hold(context);
        if (config.size() != null && agg.count() >= config.size()) {
            groups.remove(keyText);
            holds.remove(keyText);
            held.emit(out, agg.toJson(field != null, System.currentTimeMillis()));
        }
    }

    private static JsonNode orNull(JsonNode n) {
        return n == null ? NullNode.instance : n;
    }

    private void emitAll() {
        long now = System.currentTimeMillis();
        for (Map.Entry<String, Aggregate> g : groups.entrySet()) {
            JsonNode result = g.getValue().toJson(field != null, now);
            HeldAcknowledgements held = holds.remove(g.getKey());
            if (held == null) {
                out.emit(result);
            } else {
                held.emit(out, result);
            }
        }
        groups.clear();
        holds.clear();
    }

    @Override
    public void onInputsEnded() {
        emitAll();
    }
}
