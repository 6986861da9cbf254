package dev.blueprint.components.jq;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.api.ConfigProblem;
import dev.blueprint.api.Record;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * A jq expression compiled once, evaluated per record. Thread-confined: each component instance
 * compiles its own (the scope is not shared between threads).
 */
public final class JqExpression {
    /** Deepest bracket nesting accepted: the parser recurses per level and would overflow the stack. */
    static final int MAX_NESTING = 64;
    /** Longest expression accepted: evaluation recurses per pipe and operator, so length bounds its depth too. */
    static final int MAX_LENGTH = 16 * 1024;
    private static final Scope BUILTINS = builtins();
    private final String text;
    private final JsonQuery query;
    private final Scope scope;
    /** Whether it reads $__meta: only then is a record's metadata made into JSON. */
    private final boolean readsMeta;

    private JqExpression(String text, JsonQuery query) {
        this.text = text;
        this.query = query;
        this.scope = Scope.newChildScope(BUILTINS);
        this.readsMeta = text.contains("$" + RecordMeta.VARIABLE);
    }

    private static Scope builtins() {
        Scope root = Scope.newEmptyScope();
        BuiltinFunctionLoader.getInstance().loadFunctions(Versions.JQ_1_6, root);
        DateFunctions.addTo(root);
        root.setValue(RecordMeta.VARIABLE, com.fasterxml.jackson.databind.node.NullNode.instance);
        return root;
    }

    /**
     * Compiles {@code text}.
     *
     * @throws JsonQueryException with jq's message when it is not a valid expression
     */
    public static JqExpression compile(String text) throws JsonQueryException {
        if (text.length() > MAX_LENGTH) {
            throw new JsonQueryException("the expression is " + text.length() + " characters long; at most " + MAX_LENGTH
                    + " are accepted");
        }
        int nesting = nesting(text);
        if (nesting > MAX_NESTING) {
            throw new JsonQueryException("brackets nest " + nesting + " levels deep; at most " + MAX_NESTING + " are accepted");
        }
        try {
            return new JqExpression(text, JsonQuery.compile(text, Versions.JQ_1_6));
        } catch (StackOverflowError e) {
            throw new JsonQueryException("the expression nests too deeply to be parsed");
        }
    }

    /** The deepest nesting of ( [ { in {@code text}, counted in string literals too (they may interpolate). */
    static int nesting(String text) {
        int depth = 0;
        int max = 0;
        for (int i = 0; i < text.length(); i++) {
            switch (text.charAt(i)) {
                case '(', '[', '{' -> max = Math.max(max, ++depth);
                case ')', ']', '}' -> depth = Math.max(0, depth - 1);
                default -> {
                }
            }
        }
        return max;
    }

    /** The compile error of {@code text} as a validation error about {@code key}, if any. */
    public static Optional<ConfigProblem> problem(String key, String text) {
        if (text == null) {
            return Optional.empty();
        }
        JqExpression compiled;
        try {
            compiled = compile(text);
        } catch (JsonQueryException | RuntimeException e) {
            return Optional.of(ConfigProblem.error(key, "is not a valid jq expression: " + describe(e)));
        }
        List<String> unknown = JqFunctionCheck.unknownCalls(compiled.query, BUILTINS);
        if (unknown.isEmpty()) {
            return Optional.empty();
        }
        List<String> reasons = new ArrayList<>();
        for (String call : unknown) {
            String name = call.substring(0, call.lastIndexOf('/'));
            List<Integer> arities = JqFunctionCheck.builtinArities(BUILTINS, name);
            reasons.add(arities.isEmpty() ? "'" + name + "' is not a jq function this runtime has (jq 1.6 built-ins)"
                    : "'" + name + "' takes " + arities.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(" or "))
                            + " argument(s), not " + call.substring(call.lastIndexOf('/') + 1));
        }
        return Optional.of(ConfigProblem.error(key, "calls a jq function that does not exist: " + String.join("; ", reasons)));
    }

    /** jq's message with the parser's first line ("Encountered ... at line 1, column 6."). */
    static String describe(Throwable e) {
        String message = e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null) {
            String first = cause.getMessage().lines().findFirst().orElse("").trim();
            message = message + " (" + first.replace("\"", "'") + ")";
        }
        return message;
    }

    /** Every output of the expression on {@code record}'s value, with {@code $__meta} set to its metadata. */
    public List<JsonNode> apply(Record record) throws JsonQueryException {
        meta(record);
        return apply(record.value());
    }

    /** The first output on {@code record}'s value, with {@code $__meta} set to its metadata; null when none. */
    public JsonNode first(Record record) throws JsonQueryException {
        meta(record);
        return first(record.value());
    }

    /** jq truthiness of the first output on {@code record}'s value, with {@code $__meta} set to its metadata. */
    public boolean test(Record record) throws JsonQueryException {
        meta(record);
        return test(record.value());
    }

    private void meta(Record record) {
        if (readsMeta) {
            scope.setValue(RecordMeta.VARIABLE, RecordMeta.of(record));
        }
    }

    /** Every output of the expression on {@code input}, in order. */
    public List<JsonNode> apply(JsonNode input) throws JsonQueryException {
        List<JsonNode> out = new ArrayList<>(1);
        try {
            query.apply(scope, input, out::add);
        } catch (StackOverflowError e) {
            throw tooDeep();
        }
        return out;
    }

    /** The first output, or null when the expression yields nothing. */
    public JsonNode first(JsonNode input) throws JsonQueryException {
        JsonNode[] first = new JsonNode[1];
        try {
            query.apply(scope, input, v -> {
                if (first[0] == null) {
                    first[0] = v;
                }
            });
        } catch (StackOverflowError e) {
            throw tooDeep();
        }
        return first[0];
    }

    /** jq truthiness of the first output: anything but false, null or no output passes. */
    public boolean test(JsonNode input) throws JsonQueryException {
        JsonNode v = first(input);
        return v != null && !v.isNull() && !(v.isBoolean() && !v.booleanValue());
    }

    /** A recursive function without an end, or a record nested too deeply for the expression: that record fails, not the run. */
    private static JsonQueryException tooDeep() {
        return new JsonQueryException("evaluation recursed too deeply (a recursive function that never ends?)");
    }

    @Override
    public String toString() {
        return text;
    }
}
