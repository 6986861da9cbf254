package dev.blueprint.runtime.exec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The ports the components of a run said they listen on ({@link dev.blueprint.api.ComponentContext#listening}), by
 * component, then by config key. Components report from their own threads while they start.
 */
final class ListeningPorts {
    private final Map<String, Map<String, Integer>> ports = new ConcurrentHashMap<>();

    /** {@code component} listens on {@code port} for its config key {@code key}. */
    void add(String component, String key, int port) {
        ports.computeIfAbsent(component, c -> new ConcurrentSkipListMap<>()).put(key, port);
    }

    /** The ports of the components named, in that order, each with its keys sorted; components without ports left out. */
    Map<String, Map<String, Integer>> of(List<String> components) {
        Map<String, Map<String, Integer>> inOrder = new LinkedHashMap<>();
        for (String name : components) {
            Map<String, Integer> of = ports.get(name);
            if (of != null) {
                inOrder.put(name, Collections.unmodifiableSortedMap(new TreeMap<>(of)));
            }
        }
        return inOrder;
    }
}
