package dev.blueprint.runtime.validate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds the strongly connected components of the binding graph that form cycles (Tarjan). */
final class CycleFinder {
    private final Map<String, Set<String>> edges;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> low = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final List<List<String>> cycles = new ArrayList<>();
    private int counter;

    private CycleFinder(Map<String, Set<String>> edges) {
        this.edges = edges;
    }

    /** Each cycle as its member components; a self-binding is a cycle of one. */
    static List<List<String>> cycles(List<String> nodes, Map<String, Set<String>> edges) {
        CycleFinder f = new CycleFinder(edges);
        for (String n : nodes) {
            if (!f.index.containsKey(n)) {
                f.visit(n);
            }
        }
        return f.cycles;
    }

    private void visit(String v) {
        index.put(v, counter);
        low.put(v, counter++);
        stack.push(v);
        for (String w : edges.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                visit(w);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> scc = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                scc.add(0, w);
            } while (!w.equals(v));
            if (scc.size() > 1 || edges.getOrDefault(v, Set.of()).contains(v)) {
                cycles.add(scc);
            }
        }
    }
}
