package dev.blueprint.bench;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.Doc;
import dev.blueprint.api.Streams;

/** Benchmark type {@code KeyedReadings}: emits {@code count} {@link WindowReadings} over {@code keys} keys. */
public final class KeyedReadingsProvider implements ComponentProvider<KeyedReadingsProvider.Config> {

    /**
     * Config.
     *
     * @param count readings to emit
     * @param keys distinct keys
     */
    public record Config(@Doc("Readings to emit (default 1000).") Long count, @Doc("Distinct keys (default 10000).") Integer keys) {
        public Config {
            count = count == null ? 1000L : count;
            keys = keys == null ? 10_000 : keys;
        }
    }

    @Override
    public String type() {
        return "KeyedReadings";
    }

    @Override
    public String description() {
        return "Benchmark source emitting keyed readings in event-time order.";
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
                    context.output().emit(WindowReadings.reading(n, config.keys()));
                }
            }
        };
    }
}
