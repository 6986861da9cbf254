package dev.blueprint.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The ops server's refusals by reason ({@code host}, {@code origin}, {@code unauthorized}, ...), shown on its
 * {@code /metrics} as {@code blueprint_ops_refused_total{reason=...}}. The counts live here, not in a pipeline's
 * registry, so that they go on across {@code run --watch} reloads: each new registry gets meters reading them.
 */
final class OpsRefusals {
    private static final String[] KNOWN = {"host", "origin", "unauthorized"};
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    OpsRefusals() {
        for (String reason : KNOWN) {
            counts.put(reason, new LongAdder());
        }
    }

    /** Shows the counts in {@code next} (the served pipeline's registry) from now on. */
    synchronized void exposeIn(MeterRegistry next) {
        registry = next;
        counts.keySet().forEach(reason -> register(next, reason));
    }

    /** Counts one refusal. */
    void count(String reason) {
        LongAdder n = counts.get(reason);
        if (n == null) {
            synchronized (this) {
                n = counts.computeIfAbsent(reason, r -> new LongAdder());
                if (registry != null) {
                    register(registry, reason);
                }
            }
        }
        n.increment();
    }


    private void register(MeterRegistry r, String reason) {
        FunctionCounter.builder("blueprint.ops.refused", counts.get(reason), LongAdder::sum)
                .description("Requests the ops server refused, by reason: host (a Host it does not answer), origin (a foreign page's "
                        + "WebSocket), unauthorized (no valid token), and the transport's limits.")
                .tag("reason", reason).register(r);
    }
}
