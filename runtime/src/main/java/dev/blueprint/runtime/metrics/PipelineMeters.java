package dev.blueprint.runtime.metrics;

import dev.blueprint.api.PipelineMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import dev.blueprint.api.Redaction;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.ToDoubleFunction;

/**
 * The one metrics registry of a run. The pipeline's counters are bound as function meters, read when scraped,
 * so that the record path pays nothing for them; components add their own meters to {@link #registry()}; the
 * JVM's memory, GC, threads, CPU and file descriptors come from Micrometer's binders. {@link #scrape()} renders
 * everything in the Prometheus text format through Micrometer's Prometheus registry.
 */
public final class PipelineMeters implements AutoCloseable {
    /** The media type of {@link #scrape()}. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /**
     * Buckets of the processing-time histogram: a record's handling spans microseconds (a filter) to seconds (a
     * worker process); one bucket per decade keeps the exposition small for a pipeline of many components.
     */
    private static final Duration[] PROCESSING_BUCKETS = {Duration.ofNanos(1_000), Duration.ofNanos(10_000), Duration.ofNanos(100_000),
            Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10)};

    private final PrometheusMeterRegistry registry = cleaningLabels(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private boolean jvmBound;
    private boolean closed;

    /**
     * Binds the JVM's meters on the first scrape, not when the pipeline is built: a run nobody scrapes (a test, a
     * short batch job, each run of the pipeline benchmark) does not pay for registering them. GC pauses before the
     * first scrape are not in {@code jvm_gc_pause_seconds}.
     */
    private synchronized void bindJvm() {
        if (jvmBound || closed) {
            return;
        }
        jvmBound = true;
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /**
     * Every label value passes the run's one redaction ({@link Redaction#cleanUrl}): a connector's URL as a label
     * ({@code broker}, {@code url}) never shows its password or a {@code ?token=}, whoever registered the meter.
     */
    private static PrometheusMeterRegistry cleaningLabels(PrometheusMeterRegistry registry) {
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                List<Tag> tags = new ArrayList<>();
                boolean changed = false;
                for (Tag t : id.getTagsAsIterable()) {
                    String clean = Redaction.cleanUrl(t.getValue());
                    changed |= !clean.equals(t.getValue());
                    tags.add(Tag.of(t.getKey(), clean));
                }
                return changed ? id.replaceTags(tags) : id;
            }
        });
        return registry;
    }

    /** Where components register their meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter in the Prometheus text format (0.0.4). */
    public String scrape() {
        bindJvm();
        return registry.scrape();
    }

    /**
     * Binds one component's counters; {@code dropped} reads the records its inputs dropped (overflow, shutdown).
     * Returns the timer that the runner feeds with sampled processing times.
     */
    public Timer component(PipelineMetrics.ComponentStats stats, ToDoubleFunction<PipelineMetrics.ComponentStats> dropped) {
        Tags tags = Tags.of("component", stats.name(), "type", stats.type());
        FunctionCounter.builder("blueprint.component.records.in", stats, PipelineMetrics.ComponentStats::recordsIn)
                .description("Records a component took from its inputs.").tags(tags).register(registry);
        FunctionCounter.builder("blueprint.component.records.out", stats, PipelineMetrics.ComponentStats::recordsOut)
                .description("Records a component emitted.").tags(tags).register(registry);
        FunctionCounter.builder("blueprint.component.errors", stats, PipelineMetrics.ComponentStats::errors)
                .description("Records a component failed on.").tags(tags).register(registry);
        FunctionCounter.builder("blueprint.component.dropped", stats, dropped)
                .description("Records dropped on a component's inputs: by a binding's overflow policy, or still queued at shutdown.")
                .tags(tags).register(registry);
        Gauge.builder("blueprint.component.finished", stats, s -> s.finished() ? 1 : 0)
                .description("1 once a component has finished.").tags(tags).register(registry);
        Gauge.builder("blueprint.component.awaiting.ack", stats, PipelineMetrics.ComponentStats::awaitingAcknowledgement)
                .description("Records a source emitted for acknowledgement whose handling downstream is not finished yet (in flight).")
                .tags(tags).register(registry);
        return Timer.builder("blueprint.component.processing")
                .description("Time a component took to handle one record, sampled: one record in 128 is timed.")
                .tags(tags).serviceLevelObjectives(PROCESSING_BUCKETS).register(registry);
    }

    /** Binds one binding's counters and queue. */
    public void binding(PipelineMetrics.BindingStats stats) {
        Tags tags = Tags.of("binding", stats.label());
        FunctionCounter.builder("blueprint.binding.delivered", stats, PipelineMetrics.BindingStats::delivered)
                .description("Records queued on a binding.").tags(tags).register(registry);
        FunctionCounter.builder("blueprint.binding.dropped", stats, PipelineMetrics.BindingStats::dropped)
                .description("Records a binding's overflow policy dropped.").tags(tags).register(registry);
        Gauge.builder("blueprint.binding.depth", stats, PipelineMetrics.BindingStats::depth)
                .description("Records waiting in a binding's queue.").tags(tags).register(registry);
        Gauge.builder("blueprint.binding.capacity", stats, PipelineMetrics.BindingStats::capacity)
                .description("Capacity of a binding's queue.").tags(tags).register(registry);
    }

    /** Stops listening for GC notifications; the registry stays readable. */
    @Override
    public synchronized void close() {
        closed = true;
        gc.close();
    }
}
