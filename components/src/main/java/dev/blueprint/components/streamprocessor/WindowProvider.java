package dev.blueprint.components.streamprocessor;

import dev.blueprint.api.Component;
import dev.blueprint.api.ConfigProblem;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;
import dev.blueprint.components.jq.JqExpression;
import java.util.List;

/** {@code StreamProcessor} variant {@code window}: tumbling-window aggregates (count, sum, min, max, avg) per key, by record count or by time. */
public final class WindowProvider implements VariantProvider<WindowConfig> {
    @Override
    public String type() {
        return "StreamProcessor";
    }

    @Override
    public String variant() {
        return "window";
    }

    @Override
    public String description() {
        return "Tumbling-window aggregates (count, sum, min, max, avg) per key, by record count or by time.";
    }

    @Override
    public Class<WindowConfig> configType() {
        return WindowConfig.class;
    }

    @Override
    public Streams streams(WindowConfig config) {
        return Streams.processor("output");
    }

    @Override
    public List<ConfigProblem> check(WindowConfig config) {
        return java.util.stream.Stream.concat(JqExpression.problem("key", config.key()).stream(),
                JqExpression.problem("field", config.field()).stream()).toList();
    }

    @Override
    public Component create(WindowConfig config) {
        return new WindowProcessor(config);
    }
}
