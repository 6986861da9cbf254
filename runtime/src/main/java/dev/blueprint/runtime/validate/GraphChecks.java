package dev.blueprint.runtime.validate;

import dev.blueprint.api.Streams;
import dev.blueprint.runtime.model.BindingDecl;
import dev.blueprint.runtime.model.ComponentDecl;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks of the graph the components and bindings form: every required input bound, and no cycle where none may be. */
final class GraphChecks {
    private GraphChecks() {
    }

    /**
     * Reports each required input that no binding names; {@code mentionedInputs} holds {@code component.stream} of every
     * binding target written, valid or not, so that an input named by a broken binding is not also called unbound.
     */
    static void requiredInputs(Map<String, ComponentDecl> components, Set<String> mentionedInputs, Problems problems) {
        for (ComponentDecl c : components.values()) {
            for (Streams.StreamSpec in : c.streams().inputs()) {
                if (in.required() && !mentionedInputs.contains(c.name() + "." + in.name())) {
                    problems.error(c.location(), "input '" + in.name() + "' of '" + c.name() + "' (" + c.type()
                            + ") is not bound; add a binding with to_component: " + c.name() + ", stream_name: " + in.name());
                }
            }
        }
    }

    /** Reports each cycle of bindings none of whose components allows cycles, at its first binding. */
    static void cycles(Map<String, ComponentDecl> components, List<BindingDecl> bindings, Problems problems) {
        Map<String, Set<String>> edges = new HashMap<>();
        for (BindingDecl b : bindings) {
            edges.computeIfAbsent(b.fromComponent(), k -> new LinkedHashSet<>()).add(b.toComponent());
        }
        for (List<String> cycle : CycleFinder.cycles(List.copyOf(components.keySet()), edges)) {
            boolean allowed = cycle.stream().anyMatch(n -> components.get(n).streams().allowsCycles());
            if (!allowed) {
                BindingDecl first = bindings.stream().filter(b -> cycle.contains(b.fromComponent()) && cycle.contains(b.toComponent()))
                        .findFirst().orElseThrow();
                problems.error(first.location(), "bindings form a cycle " + String.join(" -> ", cycle) + " -> " + cycle.get(0)
                        + "; records would circle forever. Only components that allow cycles (such as WebSocket) may be part of one");
            }
        }
    }
}
