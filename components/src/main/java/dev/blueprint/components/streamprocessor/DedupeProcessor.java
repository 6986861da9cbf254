package dev.blueprint.components.streamprocessor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import dev.blueprint.api.Record;
import dev.blueprint.components.jq.JqExpression;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * Passes the first record of each key; repeats seen within the bound go to {@code duplicates}. Keys are
 * forgotten after {@code window} (when set) or when more than {@code size} keys are remembered (oldest
 * first).
 */
final class DedupeProcessor implements Component {
    private final DedupeConfig config;
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();
    private ComponentContext context;
    private JqExpression key;
    private Output out;
    private Output duplicates;

    DedupeProcessor(DedupeConfig config) {
        this.config = config;
    }

    @Override
    public void start(ComponentContext context) throws JsonQueryException {
        this.context = context;
        this.key = JqExpression.compile(config.key());
        this.out = context.output();
        this.duplicates = context.output("duplicates");
    }

    @Override
    public void onRecord(String input, Record record) {
        JsonNode k;
        try {
            k = key.first(record);
        } catch (JsonQueryException | RuntimeException e) {
            context.reportError(record, "jq_error", e);
            return;
        }
        String keyText = String.valueOf(k);
        long now = System.currentTimeMillis();
        forgetOld(now);
        if (seen.containsKey(keyText)) {
            duplicates.send(record);
            return;
        }
        seen.put(keyText, now);
        if (seen.size() > config.size()) {
            Iterator<String> eldest = seen.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        out.send(record);
    }

    private void forgetOld(long now) {
        if (config.window() == null) {
            return;
        }
        long cutoff = now - config.window().toMillis();
        for (Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator(); it.hasNext();) {
            if (it.next().getValue() >= cutoff) {
                return;
            }
            it.remove();
        }
    }
}
