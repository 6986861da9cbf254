package dev.blueprint.runtime.exec;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.Record;
import dev.blueprint.api.Streams;
import dev.blueprint.runtime.model.Blueprint;
import dev.blueprint.runtime.model.ComponentDecl;
import dev.blueprint.runtime.InProcess;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A graceful stop goes in dependency order: the source at once, a processor once the source has finished, the sink
 * once the processor has finished; so what the processor flushes at the stop reaches a sink that is not stopping yet.
 * A source waiting for its acknowledgements is woken by the last release.
 */
@Timeout(30)
class StopOrderTest {
    private static final String CHAIN = """
            system:
              name: %s
              components:
                - {name: src, type: Counter}
                - {name: window, type: Pass}
                - {name: sink, type: Collector}
              bindings:
                - {from: src, to: window}
                - {from: window, to: sink}
            """;

    private final Queue<String> events = new ConcurrentLinkedQueue<>();

    @Test
    void eachComponentIsAskedToStopOnlyOnceEverythingUpstreamOfItHasFinished() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        Pipeline p = Pipeline.build(chain("stop_order", Map.of(
                "src", ctx -> new Recorded("src") {
                    private final CountDownLatch stopped = new CountDownLatch(1);

                    @Override
                    public void run() throws InterruptedException {
                        context.output().emit(context.json().createObjectNode().put("n", 1));
                        running.countDown();
                        stopped.await();
                    }

                    @Override
                    public void stop() {
                        super.stop();
                        stopped.countDown();
                    }
                },
                "window", ctx -> new Recorded("window") {
                    @Override
                    public void onInputsEnded() {
                        // still flushing when the source has finished: it is asked to stop then, not before
                        await("window asked to stop").atMost(ofSeconds(10)).until(context::isStopping);
                        events.add("window flushes");
                        context.output().emit(context.json().createObjectNode().put("partial", true));
                    }
                },
                "sink", ctx -> new Recorded("sink") {
                    @Override
                    public void onRecord(String input, Record record) {
                        events.add("sink got " + record.value() + (context.isStopping() ? " while stopping" : ""));
                    }
                })));
        p.start();
        running.await();
        p.stop();
        RunOutcome outcome = p.awaitCompletion();
        assertThat(outcome.failure()).isNull();
        assertThat(outcome.graceExceeded()).isFalse();
        List<String> order = List.copyOf(events);
        // the window is asked to stop once the source has closed (asked at once, as before, it would not wait for it)
        assertThat(order).as(order.toString()).containsSubsequence("src stop", "src closed", "window stop", "window flushes", "window closed");
        // what it flushed reached the sink, which was asked to stop, if at all (a finished one is not), only after the window closed
        assertThat(order.stream().filter(e -> e.startsWith("sink got {\"partial\":true}"))).as(order.toString()).hasSize(1);
        int sinkStop = order.indexOf("sink stop");
        assertThat(sinkStop == -1 || sinkStop > order.indexOf("window closed")).as(order.toString()).isTrue();
    }

    @Test
    void aSourceWaitingForItsAcknowledgementsIsWokenByTheLastRelease() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        var release = new java.util.concurrent.atomic.AtomicReference<dev.blueprint.api.Acknowledgement>();
        var waited = new java.util.concurrent.atomic.AtomicBoolean();
        Pipeline p = Pipeline.build(chain("acknowledged", Map.of(
                "src", ctx -> new Recorded("src") {
                    @Override
                    public void run() {
                        context.output().emit(context.json().createObjectNode().put("n", 1), () -> events.add("acknowledged"));
                    }

                    @Override
                    public void close() throws InterruptedException {
                        waited.set(context.awaitAcknowledgements(ofSeconds(20)));
                        events.add("src closed");
                    }
                },
                "window", ctx -> new Recorded("window") {
                    @Override
                    public void onRecord(String input, Record record) {
                        context.output().send(record);
                    }
                },
                "sink", ctx -> new Recorded("sink") {
                    @Override
                    public void onRecord(String input, Record record) {
                        release.set(context.hold()); // a sink that writes later: the record is handled once released
                        held.countDown();
                    }
                })));
        p.start();
        held.await();
        // the sink has finished holding the record: the source waits in close() for its acknowledgement
        await().atMost(ofSeconds(5)).until(() -> events.contains("sink closed"));
        assertThat(p.metrics().components().get(0).finished()).isFalse();
        long before = System.nanoTime();
        release.get().release();
        RunOutcome outcome = p.awaitCompletion();
        assertThat(outcome.failure()).isNull();
        assertThat(waited).isTrue();
        assertThat(List.copyOf(events)).containsSubsequence("acknowledged", "src closed");
        // woken at once, not at the end of a poll period
        assertThat(System.nanoTime() - before).isLessThan(ofSeconds(2).toNanos());
    }

    /** The chain with each component replaced by the one {@code make} creates. */
    @SuppressWarnings("unchecked")
    private static Blueprint chain(String system, Map<String, Function<Void, Component>> make) {
        Blueprint b = InProcess.load(CHAIN.formatted(system));
        List<ComponentDecl> replaced = b.components().stream().map(d -> new ComponentDecl(d.name(), d.type(),
                (ComponentProvider<java.lang.Record>) (ComponentProvider<?>) new Made(make.get(d.name()), d.streams()), new NoConfig(),
                d.streams(), d.location())).toList();
        return new Blueprint(b.file(), b.name(), b.description(), replaced, b.bindings(), b.shutdownGracePeriod());
    }

    private record NoConfig() {
    }

    private record Made(Function<Void, Component> make, Streams streams) implements ComponentProvider<NoConfig> {
        @Override
        public String type() {
            return "Made";
        }

        @Override
        public String description() {
            return "A component made by the test.";
        }

        @Override
        public Class<NoConfig> configType() {
            return NoConfig.class;
        }

        @Override
        public Streams streams(NoConfig config) {
            return streams;
        }

        @Override
        public Component create(NoConfig config) {
            return make.apply(null);
        }
    }

    /** A component that records its stop and its close in {@link #events}. */
    private abstract class Recorded implements Component {
        private final String name;
        ComponentContext context;

        Recorded(String name) {
            this.name = name;
        }

        @Override
        public void start(ComponentContext context) {
            this.context = context;
        }

        @Override
        public void stop() {
            events.add(name + " stop");
        }

        @Override
        public void close() throws Exception {
            events.add(name + " closed");
        }
    }
}
