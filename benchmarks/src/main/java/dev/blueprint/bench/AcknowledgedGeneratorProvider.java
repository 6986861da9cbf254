package dev.blueprint.bench;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.Doc;
import dev.blueprint.api.Streams;
import java.util.concurrent.atomic.LongAdder;

/**
 * Benchmark type {@code AcknowledgedGenerator}: emits the sample record {@code count} times, each for
 * acknowledgement as a Redis Stream source does, and counts the acknowledgements; so that the pipeline benchmark
 * measures the runtime's tracking without a Redis server in the figure.
 */
public final class AcknowledgedGeneratorProvider implements ComponentProvider<AcknowledgedGeneratorProvider.Config> {
    /** Acknowledgements received by all instances, for the benchmark to check. */
    static final LongAdder ACKNOWLEDGED = new LongAdder();

    /**
     * Config.
     *
     * @param count records to emit
     */
    public record Config(@Doc("Records to emit (default 1000).") Long count) {
        public Config {
            count = count == null ? 1000L : count;
        }
    }

    @Override
    public String type() {
        return "AcknowledgedGenerator";
    }

    @Override
    public String description() {
        return "Benchmark source emitting the sample record for acknowledgement.";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public Streams streams(Config config) {
        return Streams.source();
    }

    @Override
    public Component create(Config config) {
        return new Component() {
            private ComponentContext context;

            @Override
            public void start(ComponentContext context) {
                this.context = context;
            }

            @Override
            public void run() {
                for (long n = 0; n < config.count() && !context.isStopping(); n++) {
                    context.output().emit(BlueprintTexts.SAMPLE, ACKNOWLEDGED::increment);
                }
            }
        };
    }
}
