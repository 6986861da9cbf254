package dev.blueprint.components.processor;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.ConfigProblem;
import dev.blueprint.api.Streams;
import dev.blueprint.api.Streams.StreamSpec;
import dev.blueprint.components.config.VariantKeys;
import dev.blueprint.components.jq.JqExpression;
import java.util.ArrayList;
import java.util.List;

/** The {@code StreamProcessor} type: stateful stream operations chosen by {@code variant}. */
public final class StreamProcessorProvider implements ComponentProvider<StreamProcessorConfig> {
    @Override
    public String type() {
        return "StreamProcessor";
    }

    @Override
    public String description() {
        return "Stateful stream operations: merge (default), joining, window aggregates, dedupe, throttle, batch.";
    }

    @Override
    public Class<StreamProcessorConfig> configType() {
        return StreamProcessorConfig.class;
    }

    @Override
    public Streams streams(StreamProcessorConfig config) {
        return switch (config.variant()) {
            case MERGE -> new Streams(List.of(StreamSpec.optional("input")), List.of(StreamSpec.optional("output")), true, false, false);
            case JOINING -> new Streams(List.of(StreamSpec.optional("left"), StreamSpec.optional("right")),
                    List.of(StreamSpec.optional("output"), StreamSpec.optional("unmatched")), false, false, false);
            case DEDUPE -> Streams.processor("output", "duplicates");
            case THROTTLE -> Streams.processor("output", "throttled");
            case WINDOW, BATCH -> Streams.processor("output");
        };
    }

    @Override
    public List<ConfigProblem> check(StreamProcessorConfig config) {
        List<ConfigProblem> problems = new ArrayList<>(
                VariantKeys.unused(config, config.variant().toString(), config.variant().keys));
        if (config.variant().keys.contains("key")) {
            JqExpression.problem("key", config.key()).ifPresent(problems::add);
        }
        if (config.variant() == StreamProcessorConfig.Variant.WINDOW) {
            JqExpression.problem("field", config.field()).ifPresent(problems::add);
        }
        if (config.variant() == StreamProcessorConfig.Variant.JOINING && config.key() == null && config.window() != null) {
            problems.add(ConfigProblem.warning("window", "is ignored without key: joining then merges both sides as they arrive"));
        }
        return problems;
    }

    @Override
    public Component create(StreamProcessorConfig config) {
        return switch (config.variant()) {
            case MERGE -> new MergeProcessor();
            case JOINING -> config.key() == null ? new TaggingJoin() : new KeyedJoin(config);
            case WINDOW -> new WindowProcessor(config);
            case DEDUPE -> new DedupeProcessor(config);
            case THROTTLE -> new ThrottleProcessor(config);
            case BATCH -> new BatchProcessor(config);
        };
    }
}
