package dev.blueprint.api;

import java.util.List;
import java.util.Set;

/**
 * The streams of a component: named inputs and outputs, whether other names are accepted, and whether
 * the component may sit in a cycle. Every component also has an {@code errors} output, added by the
 * runtime.
 *
 * @param inputs declared input streams
 * @param outputs declared output streams
 * @param openInputs whether bindings may use input names not declared (e.g. {@code merge})
 * @param openOutputs whether bindings may use output names not declared
 * @param allowsCycles whether the component may take part in a binding cycle (e.g. a WebSocket server
 *     feeding what clients send back to its own input)
 */
public record Streams(
        List<StreamSpec> inputs,
        List<StreamSpec> outputs,
        boolean openInputs,
        boolean openOutputs,
        boolean allowsCycles) {

    /** Name of the output every component has for records that failed. */
    public static final String ERRORS = "errors";

    public Streams {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** A source: no input, one {@code output}. */
    public static Streams source() {
        return new Streams(List.of(), List.of(StreamSpec.optional("output")), false, false, false);
    }

    /** A sink: one required {@code input}, no output. */
    public static Streams sink() {
        return new Streams(List.of(StreamSpec.required("input")), List.of(), false, false, false);
    }

    /** One required {@code input} and the given outputs (the first is the default output). */
    public static Streams processor(String... outputs) {
        return new Streams(List.of(StreamSpec.required("input")),
                java.util.Arrays.stream(outputs).map(StreamSpec::optional).toList(), false, false, false);
    }

    /** Whether a binding may read {@code name} from this component. */
    public boolean hasOutput(String name) {
        return openOutputs || ERRORS.equals(name) || outputs.stream().anyMatch(s -> s.name().equals(name));
    }

    /** Whether a binding may deliver to {@code name} on this component. */
    public boolean hasInput(String name) {
        return openInputs || inputs.stream().anyMatch(s -> s.name().equals(name));
    }

    /** Names of all declared outputs plus {@code errors}. */
    public Set<String> outputNames() {
        var names = new java.util.LinkedHashSet<String>();
        outputs.forEach(s -> names.add(s.name()));
        names.add(ERRORS);
        return names;
    }

    /** Same streams, allowing cycles. */
    public Streams withCycles() {
        return new Streams(inputs, outputs, openInputs, openOutputs, true);
    }

    /** Same streams, accepting any input name. */
    public Streams withOpenInputs() {
        return new Streams(inputs, outputs, true, openOutputs, allowsCycles);
    }

    /**
     * One declared stream.
     *
     * @param name the stream's name
     * @param required for inputs: the blueprint is invalid when it is left unbound
     */
    public record StreamSpec(String name, boolean required) {
        /** A stream that must be bound. */
        public static StreamSpec required(String name) {
            return new StreamSpec(name, true);
        }

        /** A stream that may stay unbound. */
        public static StreamSpec optional(String name) {
            return new StreamSpec(name, false);
        }
    }
}
