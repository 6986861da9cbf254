package dev.blueprint.components.jq;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.internal.tree.FunctionCall;
import net.thisptr.jackson.jq.internal.tree.FunctionDefinition;

/**
 * Finds the functions an expression calls that no scope defines ({@code nosuchfn}, {@code todate}, or
 * {@code split} with three arguments). jackson-jq compiles such an expression and fails only when a
 * record reaches the call, so without this a typo would be found by the first record at run time.
 *
 * <p>jackson-jq offers no visitor over its syntax tree, so the tree its own parser built is walked by
 * reflection: every {@link FunctionCall} is looked up in the built-in scope, and every function the
 * expression defines itself ({@code def f(g): ...;}, with its parameters) counts as known.
 */
final class JqFunctionCheck {
    private final Scope builtins;
    private final Set<String> defined = new LinkedHashSet<>();
    private final List<String> calls = new ArrayList<>();
    private final Map<Object, Boolean> seen = new IdentityHashMap<>();

    private JqFunctionCheck(Scope builtins) {
        this.builtins = builtins;
    }

    /** The calls of {@code query} (as {@code name/arity}) that neither the built-ins nor the expression define. */
    static List<String> unknownCalls(JsonQuery query, Scope builtins) {
        JqFunctionCheck check = new JqFunctionCheck(builtins);
        check.walk(query);
        List<String> unknown = new ArrayList<>();
        for (String call : check.calls) {
            int slash = call.lastIndexOf('/');
            String name = call.substring(0, slash);
            int arity = Integer.parseInt(call.substring(slash + 1));
            if (!check.defined.contains(call) && builtins.getFunction(name, arity) == null && !unknown.contains(call)) {
                unknown.add(call);
            }
        }
        return unknown;
    }

    /** The arities the built-ins define for {@code name}, e.g. [1, 2] for split. */
    static List<Integer> builtinArities(Scope builtins, String name) {
        List<Integer> arities = new ArrayList<>();
        for (int n = 0; n <= 8; n++) {
            if (builtins.getFunction(name, n) != null) {
                arities.add(n);
            }
        }
        return arities;
    }

    private void walk(Object node) {
        if (node == null || seen.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (node instanceof Collection<?> c) {
            c.forEach(this::walk);
            return;
        }
        if (node instanceof Map<?, ?> m) {
            m.keySet().forEach(this::walk);
            m.values().forEach(this::walk);
            return;
        }
        if (node instanceof Object[] a) {
            for (Object o : a) {
                walk(o);
            }
            return;
        }
        if (!node.getClass().getName().startsWith("net.thisptr.jackson.jq.")) {
            return; // JSON values, strings, patterns: no calls inside
        }
        if (node instanceof FunctionCall) {
            calls.add(field(node, "name") + "/" + ((List<?>) field(node, "args")).size());
        } else if (node instanceof FunctionDefinition) {
            List<?> params = (List<?>) field(node, "args");
            defined.add(field(node, "fname") + "/" + params.size());
            // a parameter is called like a function of no arguments: def f(g): g;  ($x parameters are variables)
            params.forEach(p -> defined.add(String.valueOf(p).replaceFirst("^\\$", "") + "/0"));
        }
        for (Class<?> c = node.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
                    walk(value(f, node));
                }
            }
        }
    }

    private static Object field(Object node, String name) {
        for (Class<?> c = node.getClass(); c != null; c = c.getSuperclass()) {
            try {
                return value(c.getDeclaredField(name), node);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new IllegalStateException("jackson-jq's " + node.getClass().getSimpleName() + " has no field " + name);
    }

    private static Object value(Field f, Object node) {
        try {
            f.setAccessible(true);
            return f.get(node);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
