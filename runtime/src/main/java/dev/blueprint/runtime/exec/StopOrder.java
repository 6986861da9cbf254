package dev.blueprint.runtime.exec;

import dev.blueprint.runtime.model.BindingDecl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order of a graceful stop: a component is asked to stop once the components that send to it have finished,
 * so sources first and sinks last. A sender it reaches itself (a cycle, such as a WebSocket server feeding what
 * its clients send back to itself through a transformer) is left out: a cycle never ends from upstream.
 */
final class StopOrder {
    private StopOrder() {
    }

    /** Tells each runner which components it waits for. */
    static void link(List<ComponentRunner> runners, List<BindingDecl> bindings) {
        Map<String, ComponentRunner> byName = new LinkedHashMap<>();
        runners.forEach(r -> byName.put(r.decl().name(), r));
        for (ComponentRunner r : runners) {
            String name = r.decl().name();
            Set<String> downstream = reachableFrom(name, bindings);
            r.upstream(bindings.stream().filter(b -> b.toComponent().equals(name)).map(BindingDecl::fromComponent).distinct()
                    .filter(from -> !from.equals(name) && !downstream.contains(from)).map(byName::get).toList());
        }
    }

    private static Set<String> reachableFrom(String name, List<BindingDecl> bindings) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(List.of(name));
        while (!todo.isEmpty()) {
            String at = todo.remove(todo.size() - 1);
            bindings.stream().filter(b -> b.fromComponent().equals(at)).map(BindingDecl::toComponent).filter(seen::add).forEach(todo::add);
        }
        return seen;
    }
}
