package dev.blueprint.components.streamprocessor;

import dev.blueprint.api.Component;
import dev.blueprint.api.ConfigProblem;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;
import dev.blueprint.components.jq.JqExpression;
import java.util.List;

/** {@code StreamProcessor} variant {@code window}: windows per key (tumbling, sliding or session; processing or event time) with count, sum, min, max, avg, first, last and percentiles. */
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
        return "Windows per key, by count or time (tumbling, sliding, session; processing or event time): count, sum, min, max, avg, first, last, percentiles.";
    }

    @Override
    public Class<WindowConfig> configType() {
        return WindowConfig.class;
    }

    @Override
    public Streams streams(WindowConfig config) {
        return Streams.processor("output", "late");
    }

    @Override
    public List<ConfigProblem> check(WindowConfig config) {
        return java.util.stream.Stream.of(JqExpression.problem("key", config.key()), JqExpression.problem("field", config.field()),
                JqExpression.problem("timestamp", config.timestamp()), JqExpression.problem("id", config.id()))
                .flatMap(java.util.Optional::stream).toList();
    }

    @Override
    public Component create(WindowConfig config) {
        return new WindowProcessor(config);
    }
}
