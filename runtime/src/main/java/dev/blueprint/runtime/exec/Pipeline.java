package dev.blueprint.runtime.exec;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentInitializationException;
import dev.blueprint.api.PipelineMetrics;
import dev.blueprint.api.Readiness;
import dev.blueprint.api.Reloadable;
import dev.blueprint.runtime.model.BindingDecl;
import dev.blueprint.runtime.model.Blueprint;
import dev.blueprint.runtime.model.ComponentDecl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import dev.blueprint.runtime.inspect.RecentErrors;
import dev.blueprint.runtime.inspect.Tap;
import dev.blueprint.runtime.metrics.PipelineMeters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running blueprint: one thread per component, one bounded queue per binding.
 *
 * <p>Lifecycle: {@link #start()}, then {@link #awaitCompletion()} returns when every component has
 * finished — sources because they ran out, the others because all their inputs ended. {@link #stop()}
 * begins graceful shutdown: sources stop, queued records drain, and components still running after the
 * grace period are interrupted. A component that dies stops the whole run.
 */
public final class Pipeline {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
    /**
     * How often the waiting thread looks whether the watchdog gave up on a component: only then does the
     * poll matter (a finishing component wakes it at once), so it is long, to cost an idle server nothing.
     */
    private static final long POLL_NANOS = 1_000_000_000L;

    private final Blueprint blueprint;
    /** What the components' {@code clock()} reads: the system's, or one a test controls. */
    private volatile java.time.Clock clock = java.time.Clock.systemUTC();
    private final List<ComponentRunner> runners = new ArrayList<>();
    private final List<BindingQueue> queues = new ArrayList<>();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final Metrics metrics = new Metrics();
    private final PipelineMeters meters = new PipelineMeters();
    private final ReadinessChecks readiness = new ReadinessChecks();
    private final ListeningPorts listening = new ListeningPorts();
    private volatile boolean stopping;
    private volatile boolean started;
    /** Set by a stop at once; the watchdog says whether the grace period ran out. */
    private volatile boolean stoppedAtOnce;
    private volatile ShutdownWatchdog watchdog;
    private volatile Thread watchdogThread;

    private Pipeline(Blueprint blueprint) {
        this.blueprint = blueprint;
    }

    /**
     * Creates every component and queue of a validated blueprint. Nothing runs yet.
     *
     * @throws ComponentInitializationException when a provider fails to create its component
     */
    public static Pipeline build(Blueprint blueprint) {
        return build(blueprint, Map.of());
    }

    /**
     * As {@link #build(Blueprint)}, with components handed over from a previous pipeline by name: those are used
     * as they are ({@link Reloadable#attach} instead of being created and started).
     */
    public static Pipeline build(Blueprint blueprint, Map<String, Component> handedOver) {
        return build(blueprint, handedOver, null);
    }

    /**
     * As {@link #build(Blueprint, Map)}, and the handed-over components' counters (records in and out, errors,
     * written) go on from where they stood in {@code previous}, the pipeline they were handed over from (may be null).
     */
    public static Pipeline build(Blueprint blueprint, Map<String, Component> handedOver, Pipeline previous) {
        Pipeline p = new Pipeline(blueprint);
        Map<String, Wakeup> wakeups = new LinkedHashMap<>();
        blueprint.components().forEach(c -> wakeups.put(c.name(), new Wakeup()));
        for (BindingDecl b : blueprint.bindings()) {
            p.queues.add(new BindingQueue(b, wakeups.get(b.toComponent())));
        }
        p.queues.forEach(p.meters::binding);
        for (ComponentDecl c : blueprint.components()) {
            log.debug("{} - {} config: {}", c.name(), c.type(), dev.blueprint.api.Redaction.describe(c.config()));
            Component component = handedOver.get(c.name());
            try {
                component = component != null ? component : c.provider().create(c.config());
            } catch (RuntimeException e) {
                throw new ComponentInitializationException("cannot create component '" + c.name() + "' (" + c.type() + "): " + e.getMessage(), e);
            }
            p.runners.add(ComponentWiring.runner(c, component, p, p.queues, wakeups.get(c.name()), handedOver.containsKey(c.name())));
        }
        StopOrder.link(p.runners, blueprint.bindings());
        if (previous != null) {
            handedOver.keySet().forEach(name -> p.carryOver(name, previous));
        }
        return p;
    }

    private void carryOver(String name, Pipeline previous) {
        Optional<ComponentRunner> now = runner(name);
        Optional<ComponentRunner> before = previous.runner(name);
        if (now.isEmpty() || before.isEmpty()) {
            return;
        }
        now.get().counters().carryOver(before.get().counters());
        before.get().outputs().forEach((stream, port) -> {
            OutputPort same = now.get().outputs().get(stream);
            if (same != null) {
                same.carryOver(port.sent());
            }
        });
    }

    private Optional<ComponentRunner> runner(String name) {
        return runners.stream().filter(r -> r.decl().name().equals(name)).findFirst();
    }

    /** Gives the components {@code clock} as their processing time ({@code blueprint test}'s time control); call before start. */
    public void useClock(java.time.Clock clock) {
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
    }

    java.time.Clock clock() {
        return clock;
    }

    /** Starts every component's thread and waits until each has started (or failed to). */
    public void start() throws InterruptedException {
        log.info("{} - starting {} components, {} bindings", blueprint.name(), runners.size(), queues.size());
        runners.forEach(ComponentRunner::start);
        for (ComponentRunner r : runners) {
            r.awaitStarted();
        }
        started = true;
    }

    /** Whether {@link #start()} has returned: every component started (or failed to). */
    public boolean hasStarted() {
        return started;
    }

    /**
     * Blocks until every component has finished; after {@link #stop()} never much longer than the grace
     * period plus two seconds for interrupted components (one that ignores interrupts is left behind).
     */
    public RunOutcome awaitCompletion() throws InterruptedException {
        for (ComponentRunner r : runners) {
            // a component that swallows interrupts would otherwise keep the run alive forever
            while (!r.awaitFinished(POLL_NANOS) && !abandoned()) {
                // keep waiting: the watchdog decides when to give up
            }
        }
        Thread w = watchdogThread;
        if (w != null) {
            w.interrupt();
        }
        meters.close();
        ShutdownWatchdog dog = watchdog;
        return new RunOutcome(failure.get(), stoppedAtOnce || dog != null && dog.exceeded());
    }

    private boolean abandoned() {
        ShutdownWatchdog dog = watchdog;
        return dog != null && dog.abandoned();
    }

    /**
     * Begins graceful shutdown, in dependency order: components with no bound input (sources) are asked to stop
     * at once; any other component once everything upstream of it has finished, so that what the stop makes the
     * upstream components send (partial windows, flushed batches) still goes through it like any record, and the
     * sinks, last, stop once nothing more can reach them. A component kept for the next pipeline is detached at
     * once. Whatever still runs after {@code shutdown_grace_period} is interrupted. Returns at once; idempotent.
     */
    public void stop() {
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
        }
        log.info("{} - stopping: draining queued records (grace period {} s)", blueprint.name(),
                blueprint.shutdownGracePeriod().toMillis() / 1000.0);
        runners.stream().filter(ComponentRunner::keeping).forEach(ComponentRunner::requestStop);
        requestStopsDue();
        ShutdownWatchdog dog = new ShutdownWatchdog(blueprint.name(), blueprint.shutdownGracePeriod(), runners);
        Thread w = new Thread(dog, "blueprint-shutdown-watchdog");
        w.setDaemon(true);
        watchdog = dog;
        watchdogThread = w;
        w.start();
    }

    /** A component finished: during a stop, the components that waited for it may be asked to stop now. */
    void componentFinished() {
        if (stopping) {
            requestStopsDue();
        }
    }

    private synchronized void requestStopsDue() {
        // one that finished already (its inputs ended and drained) needs no stop
        runners.stream().filter(r -> !r.stopRequested() && !r.isFinished() && r.upstreamFinished()).forEach(ComponentRunner::requestStop);
    }

    /** Stops at once: interrupts every component still running. */
    public void forceStop() {
        stop();
        stoppedAtOnce = true;
        runners.forEach(ComponentRunner::requestStop);
        runners.stream().filter(r -> !r.isFinished()).forEach(ComponentRunner::interrupt);
    }

    /** {@link dev.blueprint.api.ComponentContext#fail}: the component named {@code name} failed on a thread of its own. */
    void failFromOutside(String name, Throwable cause) {
        runners.stream().filter(r -> r.decl().name().equals(name)).findFirst().ifPresent(r -> r.failFromOutside(cause));
    }

    void componentFailed(ComponentRunner runner, Throwable t, boolean started) {
        String what = started ? "failed" : "failed to start";
        String message = "component '" + runner.decl().name() + "' (" + runner.decl().type() + ") " + what + ": "
                + (t.getMessage() != null ? t.getMessage() : t.toString());
        if (failure.compareAndSet(null, message)) {
            log.error("{} - {}", blueprint.name(), message, log.isDebugEnabled() ? t : null);
        } else {
            log.error("{} - also: {}", blueprint.name(), message);
        }
        stop();
    }

    /**
     * Marks the components named to be handed to a next pipeline when this one stops: a {@link Reloadable} among
     * them is detached instead of stopped and closed. An empty set clears the marks (a normal stop closes all).
     */
    public void keepOnStop(Set<String> names) {
        runners.forEach(r -> r.keep(names.contains(r.decl().name())));
    }

    /** After {@link #awaitCompletion()}: the components kept by {@link #keepOnStop}, free to hand over, by name. */
    public Map<String, Component> keptComponents() {
        Map<String, Component> kept = new LinkedHashMap<>();
        runners.stream().filter(ComponentRunner::kept).forEach(r -> kept.put(r.decl().name(), r.component()));
        return kept;
    }

    /** The first component failure so far (failed to start, or died), if any. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Whether graceful shutdown has begun. */
    public boolean isStopping() {
        return stopping;
    }

    /** The blueprint being run. */
    public Blueprint blueprint() {
        return blueprint;
    }

    /**
     * The component named {@code name} when it is a {@code type}, for an application that embeds the
     * pipeline and talks to one of its components directly (a WebSocket server's connections, say). The
     * instance exists from {@link #build}; what it offers before {@link #start()} is up to its type.
     */
    public <T extends Component> Optional<T> component(String name, Class<T> type) {
        return runners.stream().filter(r -> r.decl().name().equals(name)).map(ComponentRunner::component)
                .filter(type::isInstance).map(type::cast).findFirst();
    }

    /** Live counters. */
    public PipelineMetrics metrics() {
        return metrics;
    }

    /** The run's metrics registry: the pipeline's counters, the components' own meters and the JVM's. */
    public PipelineMeters meters() {
        return meters;
    }

    /**
     * The taps of a component's outputs, by output name, for people looking at the running pipeline: each keeps a
     * sample of the last records sent while someone watches it. Empty for an unknown component.
     */
    public Map<String, Tap> taps(String component) {
        return runners.stream().filter(r -> r.decl().name().equals(component)).findFirst()
                .map(r -> {
                    Map<String, Tap> taps = new LinkedHashMap<>();
                    r.context().outputs().forEach((name, port) -> taps.put(name, port.tap()));
                    return taps;
                }).orElse(Map.of());
    }

    /** The last failures of a component, oldest first; empty for an unknown component. */
    public List<RecentErrors.Entry> recentErrors(String component) {
        return runners.stream().filter(r -> r.decl().name().equals(component)).findFirst()
                .map(r -> r.counters().recentErrors().recent()).orElse(List.of());
    }

    /** The readiness checks the components registered. */
    public Readiness readiness() {
        return readiness;
    }

    void listening(String component, String key, int port) {
        listening.add(component, key, port);
    }

    /**
     * The ports the components said they listen on ({@link dev.blueprint.api.ComponentContext#listening}), by
     * component name, then by config key ({@code {"ws": {"http_port": 8081, "port": 8080}}}); components in
     * blueprint order. Complete once {@link #start()} has returned.
     */
    public Map<String, Map<String, Integer>> listeningPorts() {
        return listening.of(runners.stream().map(r -> r.decl().name()).toList());
    }

    /** One line per component, accounting for every record that reached it however the run ended: see {@link RunSummary}. */
    public List<String> summary() {
        return RunSummary.of(runners);
    }

    /** The live view behind {@link #metrics()}. */
    private final class Metrics implements PipelineMetrics {
        @Override
        public List<ComponentStats> components() {
            return runners.stream().<ComponentStats>map(ComponentRunner::counters).toList();
        }

        @Override
        public List<BindingStats> bindings() {
            return List.copyOf(queues);
        }

        @Override
        public String prometheusText() {
            return meters.scrape();
        }
    }
}
