package dev.blueprint.runtime.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.api.Streams;
import dev.blueprint.runtime.model.BindingDecl;
import dev.blueprint.runtime.model.ComponentDecl;
import dev.blueprint.runtime.model.Overflow;
import dev.blueprint.runtime.yaml.YamlDocument;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads {@code system.bindings} in either syntax, {@code from: a.output, to: b.input} or {@code from_component},
 * {@code to_component} and {@code stream_name}, and checks that each end names a stream its component has.
 */
final class BindingReader {
    private static final List<String> BINDING_KEYS = List.of("from_component", "to_component", "stream_name", "from_stream", "from", "to",
            "capacity", "overflow");
    private static final int MAX_CAPACITY = 1 << 24;

    private final YamlDocument doc;
    private final Problems problems;
    private final NodeChecks checks;
    private final ResolvedComponents components;
    /** component.stream of every binding target written, valid or not: an input named there is not "unbound". */
    private final Set<String> mentionedInputs = new LinkedHashSet<>();

    BindingReader(YamlDocument doc, Problems problems, NodeChecks checks, ResolvedComponents components) {
        this.doc = doc;
        this.problems = problems;
        this.checks = checks;
        this.components = components;
    }

    /** The two ends of one binding. */
    private record Ends(Endpoint from, Endpoint to) {
    }

    /** The valid bindings of {@code system}, in file order; each problem is reported. */
    List<BindingDecl> read(JsonNode system) {
        JsonNode list = system.get("bindings");
        List<BindingDecl> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            problems.error(doc.valueAt("/system/bindings"), "system.bindings must be a list of bindings");
            return out;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            BindingDecl b = binding(list.get(i), "/system/bindings/" + i);
            if (b != null) {
                if (!seen.add(b.label())) {
                    problems.error(b.location(), "duplicate binding " + b.label() + "; each pair of streams is bound once");
                } else {
                    out.add(b);
                }
            }
        }
        return out;
    }

    /** {@code component.stream} of every input a binding was written to, read so far. */
    Set<String> mentionedInputs() {
        return mentionedInputs;
    }

    private BindingDecl binding(JsonNode b, String pointer) {
        if (!b.isObject()) {
            problems.error(doc.valueAt(pointer), "a binding is a mapping with from_component, to_component and stream_name (or from: a.output, to: b.input)");
            return null;
        }
        checks.unknownKeys(b, pointer, BINDING_KEYS, "a binding");
        Endpoint from = endpoint(b, pointer, "from", "from_component", "from_stream", "output");
        Endpoint to = endpoint(b, pointer, "to", "to_component", "stream_name", "input");
        if (from != null && to != null) {
            Ends ends = readStreamNameAsSenderOutput(b, new Ends(from, to));
            from = ends.from();
            to = ends.to();
        }
        if (to != null) {
            mentionedInputs.add(to.label());
        }
        if (from == null || to == null) {
            return null;
        }
        int capacity = BindingDecl.DEFAULT_CAPACITY;
        JsonNode cap = b.get("capacity");
        if (cap != null) {
            if (!cap.canConvertToInt() || !cap.isIntegralNumber() || cap.asInt() < 1 || cap.asInt() > MAX_CAPACITY) {
                problems.error(doc.valueAt(pointer + "/capacity"), "binding capacity must be an integer 1.." + MAX_CAPACITY + ", was " + cap);
            } else {
                capacity = cap.asInt();
            }
        }
        Overflow overflow = Overflow.BLOCK;
        JsonNode of = b.get("overflow");
        if (of != null) {
            try {
                overflow = Overflow.valueOf(of.asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.error(doc.valueAt(pointer + "/overflow"), "binding overflow must be one of block, drop_oldest, drop_newest, was '" + of.asText() + "'");
            }
        }
        boolean ok = checkEnd(from, true) & checkEnd(to, false);
        return ok ? new BindingDecl(from.component(), from.stream(), to.component(), to.stream(), capacity, overflow, doc.valueAt(pointer)) : null;
    }

    /**
     * Seed blueprints write {@code stream_name: output} for "the sender's output into the receiver's
     * input": when stream_name names no input of the receiver but an output of the sender (and the
     * long form has no from_stream), it is read as the sender's output, delivered to the receiver's
     * only input.
     */
    private Ends readStreamNameAsSenderOutput(JsonNode b, Ends ends) {
        if (b.has("from") || b.has("to") || b.has("from_stream") || !b.has("stream_name")) {
            return ends;
        }
        Endpoint to = ends.to();
        ComponentDecl sender = components.valid().get(ends.from().component());
        ComponentDecl receiver = components.valid().get(to.component());
        if (receiver == null || receiver.streams().hasInput(to.stream()) || receiver.streams().inputs().size() != 1) {
            return ends;
        }
        // a sender declared with a bad type or config has already been reported and its outputs are
        // unknown: read the binding the seed way rather than bury that error under two made-up ones
        boolean senderUnknown = sender == null && components.declared().containsKey(ends.from().component());
        if (!senderUnknown && (sender == null || !sender.streams().hasOutput(to.stream()))) {
            return ends;
        }
        return new Ends(ends.from().withStream(to.stream()), to.withStream(receiver.streams().inputs().get(0).name()));
    }

    /** Reads one end of a binding, in the short form ({@code shortKey}) or the long one ({@code componentKey}, {@code streamKey}). */
    private Endpoint endpoint(JsonNode b, String pointer, String shortKey, String componentKey, String streamKey, String defaultStream) {
        if (b.has(shortKey)) {
            if (b.has(componentKey)) {
                problems.error(doc.keyAt(pointer + "/" + shortKey), "write either '" + shortKey + "' or '" + componentKey + "', not both");
                return null;
            }
            String text = b.get(shortKey).asText();
            int dot = text.lastIndexOf('.');
            String component = dot < 0 ? text : text.substring(0, dot);
            String stream = dot < 0 ? defaultStream : text.substring(dot + 1);
            return new Endpoint(component, stream, pointer + "/" + shortKey, pointer + "/" + shortKey);
        }
        String component = checks.requiredText(b, pointer, componentKey, "a binding");
        if (component == null) {
            return null;
        }
        String stream = defaultStream;
        String streamPointer = pointer + "/" + componentKey;
        if (b.has(streamKey)) {
            stream = b.get(streamKey).asText();
            streamPointer = pointer + "/" + streamKey;
        } else if (streamKey.equals("stream_name")) {
            problems.error(doc.valueAt(pointer), "binding to '" + component + "' needs stream_name (the receiving input, e.g. input, left, right)");
            return null;
        }
        return new Endpoint(component, stream, pointer + "/" + componentKey, streamPointer);
    }

    private boolean checkEnd(Endpoint end, boolean sending) {
        String name = end.component();
        ComponentDecl c = components.valid().get(name);
        if (c == null) {
            if (!components.declared().containsKey(name)) {
                problems.error(doc.valueAt(end.componentPointer()), "binding names unknown component '" + name + "'"
                        + Suggestions.didYouMean(name, components.declared().keySet()) + " Components: "
                        + String.join(", ", components.declared().keySet()));
            }
            return false;
        }
        Streams s = c.streams();
        String stream = end.stream();
        if (sending && !s.hasOutput(stream)) {
            problems.error(doc.valueAt(end.streamPointer()), "component '" + name + "' (" + c.type() + ") has no output '" + stream + "'"
                    + Suggestions.didYouMean(stream, s.outputNames()) + " Its outputs: " + String.join(", ", s.outputNames()));
            return false;
        }
        if (!sending && !s.hasInput(stream)) {
            List<String> inputs = s.inputs().stream().map(Streams.StreamSpec::name).toList();
            problems.error(doc.valueAt(end.streamPointer()), "component '" + name + "' (" + c.type() + ") has no input '" + stream + "'"
                    + Suggestions.didYouMean(stream, inputs)
                    + (inputs.isEmpty() ? " It takes no input." : " Its inputs: " + String.join(", ", inputs)));
            return false;
        }
        return true;
    }
}
