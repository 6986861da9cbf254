package dev.blueprint.runtime.inspect;

import dev.blueprint.api.PipelineMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the pipeline's running totals into rates: each {@link #sample()} gives the totals and the records per
 * second since the previous sample. Used by whatever shows a running pipeline ({@code --stats}, the ops page).
 */
public final class PipelineRates {

    /** One component: totals, and rates since the previous sample. */
    public record ComponentRate(String name, String type, long in, long out, long errors, long dropped, double inPerSecond,
            double outPerSecond, double errorsPerSecond, long awaitingAck, boolean finished) {
    }

    /** One binding: totals, queue fill, and records queued per second since the previous sample. */
    public record BindingRate(String label, String from, String to, long delivered, long dropped, int depth, int capacity,
            double perSecond) {
    }

    /** Everything at one moment. */
    public record Snapshot(long timeMillis, double intervalSeconds, List<ComponentRate> components, List<BindingRate> bindings) {
    }

    private final PipelineMetrics metrics;
    private final Map<String, long[]> previousComponents = new HashMap<>();
    private final Map<String, Long> previousBindings = new HashMap<>();
    private long previousNanos;

    public PipelineRates(PipelineMetrics metrics) {
        this.metrics = metrics;
        this.previousNanos = System.nanoTime();
        sample();
    }

    /** Totals now, with rates over the time since the previous call (or since construction). */
    public synchronized Snapshot sample() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - previousNanos) / 1e9);
        previousNanos = now;
        List<PipelineMetrics.BindingStats> bindings = metrics.bindings();
        List<ComponentRate> components = new ArrayList<>();
        for (PipelineMetrics.ComponentStats c : metrics.components()) {
            long dropped = bindings.stream().filter(b -> b.toComponent().equals(c.name())).mapToLong(PipelineMetrics.BindingStats::dropped).sum();
            long in = c.recordsIn();
            long out = c.recordsOut();
            long errors = c.errors();
            long[] before = previousComponents.getOrDefault(c.name(), new long[] {in, out, errors});
            previousComponents.put(c.name(), new long[] {in, out, errors});
            components.add(new ComponentRate(c.name(), c.type(), in, out, errors, dropped, (in - before[0]) / seconds,
                    (out - before[1]) / seconds, (errors - before[2]) / seconds, c.awaitingAcknowledgement(), c.finished()));
        }
        List<BindingRate> bindingRates = new ArrayList<>();
        for (PipelineMetrics.BindingStats b : bindings) {
            long delivered = b.delivered();
            long before = previousBindings.getOrDefault(b.label(), delivered);
            previousBindings.put(b.label(), delivered);
            bindingRates.add(new BindingRate(b.label(), b.fromComponent(), b.toComponent(), delivered, b.dropped(), b.depth(), b.capacity(),
                    (delivered - before) / seconds));
        }
        return new Snapshot(System.currentTimeMillis(), seconds, components, bindingRates);
    }
}
