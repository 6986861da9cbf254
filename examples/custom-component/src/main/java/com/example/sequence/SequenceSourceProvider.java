package com.example.sequence;

import com.fasterxml.jackson.databind.node.LongNode;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;

/**
 * Example plugin: a variant added to the built-in {@code Source} type. A blueprint writes
 * {@code type: Source} with {@code config: {variant: sequence, to: 5}}; the plugin registers it in
 * {@code META-INF/services/dev.blueprint.api.ComponentProvider}, beside its {@code Uppercase} type.
 */
public final class SequenceSourceProvider implements VariantProvider<SequenceConfig> {
    @Override
    public String type() {
        return "Source";
    }

    @Override
    public String variant() {
        return "sequence";
    }

    @Override
    public String description() {
        return "Example plugin: the numbers from, from + step, ... up to to, then finishes.";
    }

    @Override
    public Class<SequenceConfig> configType() {
        return SequenceConfig.class;
    }

    @Override
    public Streams streams(SequenceConfig config) {
        return Streams.source();
    }

    @Override
    public Component create(SequenceConfig config) {
        return new Sequence(config);
    }

    /** Emits the numbers; stops early when the run stops. */
    static final class Sequence implements Component {
        private final SequenceConfig config;
        private ComponentContext context;

        Sequence(SequenceConfig config) {
            this.config = config;
        }

        @Override
        public void start(ComponentContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            long step = config.step();
            for (long n = config.from(); (step > 0 ? n <= config.to() : n >= config.to()) && !context.isStopping(); n += step) {
                context.output().emit(LongNode.valueOf(n));
            }
        }
    }
}
