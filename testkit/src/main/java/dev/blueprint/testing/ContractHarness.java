package dev.blueprint.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.Record;
import dev.blueprint.api.Streams;
import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.runtime.model.BindingDecl;
import dev.blueprint.runtime.model.Blueprint;
import dev.blueprint.runtime.model.ComponentDecl;
import dev.blueprint.runtime.model.Overflow;
import dev.blueprint.runtime.yaml.Location;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Wires one component under test into a real {@link Pipeline}: a feeder sending the sample records to
 * each of its required inputs, and a collector on each of its outputs (including {@code errors}).
 */
final class ContractHarness {
    static final String UNDER_TEST = "under_test";
    private final Queue<Record> collected = new ConcurrentLinkedQueue<>();

    /** Builds the pipeline; nothing runs yet. */
    @SuppressWarnings("unchecked")
    Pipeline build(ComponentProvider<?> provider, java.lang.Record config, List<JsonNode> records, Duration grace) {
        Location here = Location.of("contract-test");
        Streams streams = ((ComponentProvider<java.lang.Record>) provider).streams(config);
        List<ComponentDecl> components = new ArrayList<>();
        List<BindingDecl> bindings = new ArrayList<>();
        components.add(new ComponentDecl(UNDER_TEST, provider.type(), (ComponentProvider<java.lang.Record>) provider, config, streams, here));
        List<Streams.StreamSpec> required = streams.inputs().stream().filter(Streams.StreamSpec::required).toList();
        if (!required.isEmpty()) {
            components.add(decl("feeder", new Feeder(records), Streams.source(), here));
            required.forEach(in -> bindings.add(new BindingDecl("feeder", "output", UNDER_TEST, in.name(), 1024, Overflow.BLOCK, here)));
        }
        int i = 0;
        for (String out : streams.outputNames()) {
            String name = "collector_" + i++;
            components.add(decl(name, new Collector(collected), Streams.sink(), here));
            bindings.add(new BindingDecl(UNDER_TEST, out, name, "input", 1024, Overflow.BLOCK, here));
        }
        return Pipeline.build(new Blueprint("contract-test", "contract_test", null, components, bindings, grace));
    }

    /** Everything the component emitted on any output. */
    List<Record> collected() {
        return List.copyOf(collected);
    }

    @SuppressWarnings("unchecked")
    private static ComponentDecl decl(String name, ComponentProvider<NoConfig> provider, Streams streams, Location here) {
        ComponentProvider<?> p = provider;
        return new ComponentDecl(name, provider.type(), (ComponentProvider<java.lang.Record>) p, new NoConfig(), streams, here);
    }

    /** The helpers' config: none. */
    record NoConfig() {
    }

    /** A source emitting the sample records, then finishing. */
    private record Feeder(List<JsonNode> records) implements ComponentProvider<NoConfig> {
        @Override
        public String type() {
            return "ContractFeeder";
        }

        @Override
        public String description() {
            return "Sends the sample records.";
        }

        @Override
        public Class<NoConfig> configType() {
            return NoConfig.class;
        }

        @Override
        public Streams streams(NoConfig config) {
            return Streams.source();
        }

        @Override
        public Component create(NoConfig config) {
            return new Component() {
                private ComponentContext context;

                @Override
                public void start(ComponentContext context) {
                    this.context = context;
                }

                @Override
                public void run() {
                    records.forEach(r -> context.output().emit(r));
                }
            };
        }
    }

    /** A sink keeping what it gets. */
    private record Collector(Queue<Record> into) implements ComponentProvider<NoConfig> {
        @Override
        public String type() {
            return "ContractCollector";
        }

        @Override
        public String description() {
            return "Keeps what it receives.";
        }

        @Override
        public Class<NoConfig> configType() {
            return NoConfig.class;
        }

        @Override
        public Streams streams(NoConfig config) {
            return Streams.sink();
        }

        @Override
        public Component create(NoConfig config) {
            return new Component() {
                @Override
                public void onRecord(String input, Record record) {
                    into.add(record);
                }
            };
        }
    }
}
