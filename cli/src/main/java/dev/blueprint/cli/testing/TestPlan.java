package dev.blueprint.cli.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.Streams;
import dev.blueprint.cli.testing.TestFile.Expectation;
import dev.blueprint.cli.testing.TestFile.Input;
import dev.blueprint.cli.testing.TestFile.TestCase;
import dev.blueprint.runtime.model.BindingDecl;
import dev.blueprint.runtime.model.Blueprint;
import dev.blueprint.runtime.model.ComponentDecl;
import dev.blueprint.runtime.model.Overflow;
import dev.blueprint.runtime.validate.Problems;
import dev.blueprint.runtime.validate.Suggestions;
import dev.blueprint.runtime.yaml.Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The blueprint a test runs: the components it names (all of them when it names none), with its sources
 * (components that take no input) and sinks (components with no output but errors) replaced by the test's
 * inputs and outputs, and a capture on every output the test expects something of. The components in
 * between are the blueprint's own, with their own config.
 *
 * @param blueprint what to run
 * @param received what each expected output received, by the expectation's key, filled while it runs
 * @param clock the components' clock when the test controls time, else null
 */
record TestPlan(Blueprint blueprint, Map<String, List<JsonNode>> received, TestClock clock) {
    private static final int CAPACITY = 1 << 16;

    /** Plans {@code test} on {@code original}; problems (an unknown component or stream) go to {@code problems}. */
    static TestPlan of(Blueprint original, TestCase test, Problems problems) {
        Set<String> chosen = new LinkedHashSet<>(test.components());
        for (String name : chosen) {
            if (original.component(name).isEmpty()) {
                problems.error(test.location(), "test '" + test.name() + "': the blueprint has no component '" + name + "'"
                        + Suggestions.didYouMean(name, names(original)) + " Components: " + String.join(", ", names(original)));
            }
        }
        if (chosen.isEmpty()) {
            original.components().forEach(c -> chosen.add(c.name()));
        }
        Set<String> replaced = new LinkedHashSet<>();
        List<ComponentDecl> components = new ArrayList<>();
        for (ComponentDecl c : original.components()) {
            if (!chosen.contains(c.name())) {
                continue;
            }
            if (test.components().isEmpty() && (isSource(c) || isSink(c))) {
                replaced.add(c.name()); // external effects: the test's inputs and outputs take their place
            } else {
                components.add(c);
            }
        }
        List<BindingDecl> bindings = new ArrayList<>();
        for (BindingDecl b : original.bindings()) {
            if (chosen.contains(b.fromComponent()) && chosen.contains(b.toComponent())
                    && !replaced.contains(b.fromComponent()) && !replaced.contains(b.toComponent())) {
                bindings.add(binding(b.fromComponent(), b.fromStream(), b.toComponent(), b.toStream(), b.location()));
            }
        }
        int n = 0;
        TestClock clock = test.time() == null ? null : new TestClock(test.time(), test.inputs().size());
        for (Input input : test.inputs().values()) {
            String feed = "test-input-" + (++n);
            List<String[]> targets = inputTargets(original, input.key(), components, replaced, test, input.location(), problems);
            if (targets.isEmpty()) {
                continue;
            }
            components.add(decl(feed, new TestDoubles.Feed(), new TestDoubles.FeedConfig(input.records(), clock), input.location()));
            targets.forEach(t -> bindings.add(binding(feed, "output", t[0], t[1], input.location())));
        }
        Map<String, List<JsonNode>> received = new LinkedHashMap<>();
        for (Expectation x : test.expectations().values()) {
            List<String[]> sources = outputSources(original, x.key(), components, replaced, test, x.location(), problems);
            if (sources.isEmpty()) {
                continue;
            }
            String capture = "test-output-" + (++n);
            List<JsonNode> list = TestDoubles.receivedList();
            received.put(x.key(), list);
            components.add(decl(capture, new TestDoubles.Capture(), new TestDoubles.CaptureConfig(list), x.location()));
            sources.forEach(s -> bindings.add(binding(s[0], s[1], capture, "input", x.location())));
        }
        Blueprint blueprint = new Blueprint(original.file(), original.name(), original.description(), components, bindings,
                original.shutdownGracePeriod());
        return new TestPlan(blueprint, received, clock);
    }

    /** Where an input's records go: {component.stream}, a stream of the only chosen component, or what a replaced source fed. */
    private static List<String[]> inputTargets(Blueprint original, String key, List<ComponentDecl> running, Set<String> replaced, TestCase test,
            Location where, Problems problems) {
        if (replaced.contains(key)) {
            List<String[]> targets = new ArrayList<>();
            original.bindings().stream().filter(b -> b.fromComponent().equals(key) && running.stream().anyMatch(c -> c.name().equals(b.toComponent())))
                    .forEach(b -> targets.add(new String[] {b.toComponent(), b.toStream()}));
            return targets;
        }
        String[] end = end(key, test, "input");
        ComponentDecl c = running.stream().filter(d -> d.name().equals(end[0])).findFirst().orElse(null);
        if (c == null) {
            problems.error(where, "test '" + test.name() + "': input '" + key + "' names no component this test runs; write component.stream"
                    + " (e.g. " + (running.isEmpty() ? "filter.input" : running.get(0).name() + ".input") + ") or the name of a source it replaces");
            return List.of();
        }
        if (!c.streams().hasInput(end[1])) {
            problems.error(where, "test '" + test.name() + "': component '" + c.name() + "' has no input '" + end[1] + "'"
                    + Suggestions.didYouMean(end[1], c.streams().inputs().stream().map(Streams.StreamSpec::name).toList()));
            return List.of();
        }
        return List.<String[]>of(end);
    }

    /** What an expected output reads: {component.stream}, a stream of the last chosen component, or what a replaced sink received. */
    private static List<String[]> outputSources(Blueprint original, String key, List<ComponentDecl> running, Set<String> replaced, TestCase test,
            Location where, Problems problems) {
        if (replaced.contains(key)) {
            List<String[]> sources = new ArrayList<>();
            original.bindings().stream().filter(b -> b.toComponent().equals(key) && running.stream().anyMatch(c -> c.name().equals(b.fromComponent())))
                    .forEach(b -> sources.add(new String[] {b.fromComponent(), b.fromStream()}));
            return sources;
        }
        String[] end = end(key, test, "output");
        ComponentDecl c = running.stream().filter(d -> d.name().equals(end[0])).findFirst().orElse(null);
        if (c == null) {
            problems.error(where, "test '" + test.name() + "': output '" + key + "' names no component this test runs; write component.stream"
                    + " (e.g. " + (running.isEmpty() ? "filter.output" : running.get(0).name() + ".output") + ") or the name of a sink it replaces");
            return List.of();
        }
        if (!c.streams().hasOutput(end[1])) {
            problems.error(where, "test '" + test.name() + "': component '" + c.name() + "' has no output '" + end[1] + "'"
                    + Suggestions.didYouMean(end[1], c.streams().outputNames()) + " Its outputs: " + String.join(", ", c.streams().outputNames()));
            return List.of();
        }
        return List.<String[]>of(end);
    }

    /** {component, stream} of {@code key}: "c.s", or "s" of the test's single component. */
    private static String[] end(String key, TestCase test, String defaultStream) {
        int dot = key.lastIndexOf('.');
        if (dot > 0) {
            return new String[] {key.substring(0, dot), key.substring(dot + 1)};
        }
        if (test.components().size() == 1) {
            return new String[] {test.components().get(0), key};
        }
        return new String[] {key, defaultStream};
    }

    private static boolean isSource(ComponentDecl c) {
        return c.streams().inputs().isEmpty() && !c.streams().openInputs();
    }

    private static boolean isSink(ComponentDecl c) {
        return c.streams().outputs().isEmpty() && !c.streams().openOutputs();
    }

    private static List<String> names(Blueprint b) {
        return b.components().stream().map(ComponentDecl::name).toList();
    }

    @SuppressWarnings("unchecked")
    private static <C extends java.lang.Record> ComponentDecl decl(String name, ComponentProvider<C> provider, C config, Location where) {
        return new ComponentDecl(name, provider.type(), (ComponentProvider<java.lang.Record>) (ComponentProvider<?>) provider, config,
                provider.streams(config), where);
    }

    private static BindingDecl binding(String from, String fromStream, String to, String toStream, Location where) {
        return new BindingDecl(from, fromStream, to, toStream, CAPACITY, Overflow.BLOCK, where);
    }
}
