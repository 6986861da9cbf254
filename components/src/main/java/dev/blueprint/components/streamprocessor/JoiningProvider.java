package dev.blueprint.components.streamprocessor;

import dev.blueprint.api.Component;
import dev.blueprint.api.ConfigProblem;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;
import dev.blueprint.api.Streams.StreamSpec;
import dev.blueprint.components.jq.JqExpression;
import java.util.List;

/** {@code StreamProcessor} variant {@code joining}: joins a left and a right input: pairs records with equal keys within a window, or merges and tags both sides. */
public final class JoiningProvider implements VariantProvider<JoiningConfig> {
    @Override
    public String type() {
        return "StreamProcessor";
    }

    @Override
    public String variant() {
        return "joining";
    }

    @Override
    public String description() {
        return "Joins a left and a right input: pairs records with equal keys within a window, or merges and tags both sides.";
    }

    @Override
    public Class<JoiningConfig> configType() {
        return JoiningConfig.class;
    }

    @Override
    public Streams streams(JoiningConfig config) {
        return new Streams(List.of(StreamSpec.optional("left"), StreamSpec.optional("right")),
                List.of(StreamSpec.optional("output"), StreamSpec.optional("unmatched")), false, false, false);
    }

    @Override
    public List<ConfigProblem> check(JoiningConfig config) {
        return java.util.stream.Stream.of(JqExpression.problem("key", config.key()), JqExpression.problem("timestamp", config.timestamp()))
                .flatMap(java.util.Optional::stream).toList();
    }

    @Override
    public Component create(JoiningConfig config) {
        return config.key() == null ? new TaggingJoin() : new KeyedJoin(config);
    }
}
