package dev.blueprint.runtime.exec;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.api.PipelineMetrics;
import dev.blueprint.api.Record;
import dev.blueprint.fixtures.Collected;
import dev.blueprint.runtime.InProcess;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The runtime in-process: wiring, backpressure, overflow, end-of-stream, errors and shutdown. Each test
 * uses its own system name, which keys what the test components collected.
 */
@Timeout(30)
class PipelineTest {

    private static List<Long> oneTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    private static PipelineMetrics.ComponentStats component(Pipeline p, String name) {
        return p.metrics().components().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static PipelineMetrics.BindingStats binding(Pipeline p, String label) {
        return p.metrics().bindings().stream().filter(b -> b.label().equals(label)).findFirst().orElseThrow();
    }

    @Test
    void fanInMergesEveryRecordOfEverySender() throws InterruptedException {
        RunOutcome outcome = InProcess.run("""
                system:
                  name: fan_in
                  components:
                    - { name: a, type: Counter, config: { count: 300 } }
                    - { name: b, type: Counter, config: { count: 200 } }
                    - { name: out, type: Collector }
                  bindings:
                    - { from: a, to: out, capacity: 8 }
                    - { from: b, to: out, capacity: 8 }
                """);
        assertThat(outcome.succeeded()).isTrue();
        List<Record> got = Collected.records("fan_in", "out");
        assertThat(got.stream().filter(r -> r.origin().equals("a")).map(r -> r.value().get("n").asLong())).containsExactlyElementsOf(oneTo(300));
        assertThat(got.stream().filter(r -> r.origin().equals("b")).map(r -> r.value().get("n").asLong())).containsExactlyElementsOf(oneTo(200));
        assertThat(got).hasSize(500);
    }

    @Test
    void fanOutSendsEveryRecordToEveryReceiver() throws InterruptedException {
        RunOutcome outcome = InProcess.run("""
                system:
                  name: fan_out
                  components:
                    - { name: src, type: Counter, config: { count: 500 } }
                    - { name: one, type: Collector }
                    - { name: two, type: Collector, config: { delay: 1ms } }
                  bindings:
                    - { from: src, to: one, capacity: 4 }
                    - { from: src, to: two, capacity: 4 }
                """);
        assertThat(outcome.succeeded()).isTrue();
        assertThat(Collected.numbers("fan_out", "one")).containsExactlyElementsOf(oneTo(500));
        assertThat(Collected.numbers("fan_out", "two")).containsExactlyElementsOf(oneTo(500));
    }

    @Test
    void slowSinkBlocksTheSourceAndNothingIsLost() throws InterruptedException {
        Pipeline p = InProcess.start("""
                system:
                  name: backpressure
                  components:
                    - { name: src, type: Counter, config: { count: 300 } }
                    - { name: slow, type: Collector, config: { delay: 1ms } }
                  bindings:
                    - { from: src, to: slow, capacity: 4 }
                """);
        PipelineMetrics.BindingStats queue = binding(p, "src.output -> slow.input");
        long maxAhead = 0;
        int maxDepth = 0;
        while (!component(p, "slow").finished()) {
            // the source may be ahead by one full queue plus the batch the sink took from it, never more
            maxAhead = Math.max(maxAhead, component(p, "src").recordsOut() - component(p, "slow").recordsIn());
            maxDepth = Math.max(maxDepth, queue.depth());
            LockSupport.parkNanos(50_000);
        }
        assertThat(p.awaitCompletion().succeeded()).isTrue();
        assertThat(maxDepth).isLessThanOrEqualTo(4);
        assertThat(maxAhead).isLessThanOrEqualTo(2 * 4 + 1);
        assertThat(queue.dropped()).isZero();
        assertThat(Collected.numbers("backpressure", "slow")).containsExactlyElementsOf(oneTo(300));
    }

    @Test
    void dropOldestKeepsTheNewestAndCountsTheDrops() throws InterruptedException {
        Pipeline p = InProcess.start("""
                system:
                  name: drop_oldest
                  components:
                    - { name: src, type: Counter, config: { count: 200 } }
                    - { name: slow, type: Collector, config: { delay: 50ms } }
                  bindings:
                    - { from: src, to: slow, capacity: 5, overflow: drop_oldest }
                """);
        assertThat(p.awaitCompletion().succeeded()).isTrue();
        List<Long> got = Collected.numbers("drop_oldest", "slow");
        long dropped = binding(p, "src.output -> slow.input").dropped();
        assertThat(got).isSorted().endsWith(200L).hasSizeLessThan(200);
        assertThat(dropped).isEqualTo(200 - got.size());
        assertThat(p.summary()).contains("slow (Collector): in=" + got.size() + " out=0 dropped=" + dropped + " errors=0");
    }

    @Test
    void dropNewestKeepsTheOldestAndCountsTheDrops() throws InterruptedException {
        Pipeline p = InProcess.start("""
                system:
                  name: drop_newest
                  components:
                    - { name: src, type: Counter, config: { count: 200 } }
                    - { name: slow, type: Collector, config: { delay: 50ms } }
                  bindings:
                    - { from: src, to: slow, capacity: 5, overflow: drop_newest }
                """);
        assertThat(p.awaitCompletion().succeeded()).isTrue();
        List<Long> got = Collected.numbers("drop_newest", "slow");
        long dropped = binding(p, "src.output -> slow.input").dropped();
        assertThat(got).isSorted().startsWith(1L, 2L).doesNotContain(200L).hasSizeLessThan(200);
        assertThat(dropped).isEqualTo(200 - got.size());
        assertThat(p.summary()).contains("slow (Collector): in=" + got.size() + " out=0 dropped=" + dropped + " errors=0");
    }

    @Test
    void endOfStreamFlowsThroughAChainAndTheRunFinishes() throws InterruptedException {
        Pipeline p = InProcess.start("""
                system:
                  name: chain
                  components:
                    - { name: src, type: Counter, config: { count: 50 } }
                    - { name: p1, type: Pass }
                    - { name: p2, type: Pass }
                    - { name: out, type: Collector }
                  bindings:
                    - { from: src, to: p1, capacity: 2 }
                    - { from: p1, to: p2, capacity: 2 }
                    - { from: p2, to: out, capacity: 2 }
                """);
        RunOutcome outcome = p.awaitCompletion();
        assertThat(outcome).isEqualTo(new RunOutcome(null, false));
        assertThat(p.metrics().components()).allMatch(PipelineMetrics.ComponentStats::finished);
        assertThat(Collected.numbers("chain", "out")).containsExactlyElementsOf(oneTo(50));
        assertThat(p.summary()).containsExactly(
                "src (Counter): in=0 out=50 dropped=0 errors=0",
                "p1 (Pass): in=50 out=50 dropped=0 errors=0",
                "p2 (Pass): in=50 out=50 dropped=0 errors=0",
                "out (Collector): in=50 out=0 dropped=0 errors=0");
    }

    @Test
    void recordThatMakesAComponentThrowIsCountedAndSentToErrors() throws InterruptedException {
        Pipeline p = InProcess.start("""
                system:
                  name: throwing
                  components:
                    - { name: src, type: Counter, config: { count: 10 } }
                    - { name: picky, type: Thrower, config: { every: 3 } }
                    - { name: out, type: Collector }
                    - { name: errs, type: Collector }
                  bindings:
                    - { from: src, to: picky }
                    - { from: picky, to: out }
                    - { from: picky.errors, to: errs }
                """);
        assertThat(p.awaitCompletion().succeeded()).isTrue();
        assertThat(Collected.numbers("throwing", "out")).containsExactly(1L, 2L, 4L, 5L, 7L, 8L, 10L);
        assertThat(component(p, "picky").errors()).isEqualTo(3);
        List<JsonNode> errors = Collected.records("throwing", "errs").stream().map(Record::value).toList();
        assertThat(errors).hasSize(3);
        JsonNode first = errors.get(0);
        assertThat(first.get("component").asText()).isEqualTo("picky");
        assertThat(first.get("kind").asText()).isEqualTo("exception");
        assertThat(first.get("error").asText()).isEqualTo("cannot take n=3");
        assertThat(first.get("origin").asText()).isEqualTo("src");
        assertThat(first.get("sequence").asLong()).isEqualTo(3);
        assertThat(first.get("record").toString()).isEqualTo("{\"n\":3}");
        assertThat(first.get("timestamp").asText()).isNotBlank();
        assertThat(errors).extracting(e -> e.get("sequence").asLong()).containsExactly(3L, 6L, 9L);
    }

    @Test
    void componentThatDiesFailsTheRunNamingIt() throws InterruptedException {
        RunOutcome outcome = InProcess.run("""
                system:
                  name: dies
                  components:
                    - { name: fragile, type: Dier, config: { before: 2 } }
                    - { name: forever, type: Counter, config: { count: 0, pause: 1ms } }
                    - { name: out, type: Collector }
                  bindings:
                    - { from: fragile, to: out }
                    - { from: forever, to: out }
                """);
        assertThat(outcome.failure()).isEqualTo("component 'fragile' (Dier) failed: connection lost");
        assertThat(outcome.succeeded()).isFalse();
        assertThat(Collected.records("dies", "out")).filteredOn(r -> r.origin().equals("fragile")).hasSize(2);
    }

    @Test
    void componentThatFailsToStartFailsTheRunNamingIt() throws InterruptedException {
        RunOutcome outcome = InProcess.run("""
                system:
                  name: no_start
                  components:
                    - { name: fragile, type: Dier, config: { in_start: true } }
                    - { name: out, type: Collector }
                  bindings:
                    - { from: fragile, to: out }
                """);
        assertThat(outcome.failure()).isEqualTo("component 'fragile' (Dier) failed to start: cannot open the test resource");
    }

    @Test
    void gracefulStopDrainsEveryQueuedRecord() throws InterruptedException {
        Pipeline p = InProcess.start("""
                system:
                  name: graceful
                  components:
                    - { name: src, type: Counter, config: { count: 0 } }
                    - { name: slow, type: Collector, config: { delay: 1ms } }
                  bindings:
                    - { from: src, to: slow, capacity: 50 }
                """);
        await().atMost(ofSeconds(5)).until(() -> Collected.records("graceful", "slow").size() >= 20);
        p.stop();
        RunOutcome outcome = p.awaitCompletion();
        assertThat(outcome.succeeded()).isTrue();
        long emitted = component(p, "src").recordsOut();
        assertThat(emitted).isGreaterThan(20);
        assertThat(Collected.numbers("graceful", "slow")).containsExactlyElementsOf(oneTo(emitted));
    }

    @Test
    void componentStillBusyAfterTheGracePeriodIsInterrupted() throws InterruptedException {
        Pipeline p = InProcess.start("""
                system:
                  name: grace_exceeded
                  shutdown_grace_period: 200ms
                  components:
                    - { name: src, type: Counter, config: { count: 0 } }
                    - { name: stuck, type: Collector, config: { delay: 1h } }
                  bindings:
                    - { from: src, to: stuck, capacity: 10 }
                """);
        await().atMost(ofSeconds(5)).until(() -> binding(p, "src.output -> stuck.input").depth() == 10);
        long start = System.nanoTime();
        p.stop();
        RunOutcome outcome = p.awaitCompletion();
        assertThat(outcome.graceExceeded()).isTrue();
        assertThat(outcome.succeeded()).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(ofSeconds(5).toNanos());
    }

    @Test
    void componentThatIgnoresInterruptsDoesNotHangTheRunForever() throws InterruptedException {
        Pipeline p = InProcess.start("""
                system:
                  name: stubborn
                  shutdown_grace_period: 100ms
                  components:
                    - { name: src, type: Counter, config: { count: 0, pause: 1ms } }
                    - { name: stuck, type: Stubborn }
                  bindings:
                    - { from: src, to: stuck, capacity: 2 }
                """);
        await().atMost(ofSeconds(5)).until(() -> component(p, "stuck").recordsIn() == 1);
        long start = System.nanoTime();
        p.stop();
        RunOutcome outcome = p.awaitCompletion();
        assertThat(outcome.graceExceeded()).isTrue();
        assertThat(System.nanoTime() - start).isLessThan(ofSeconds(10).toNanos());
        assertThat(component(p, "stuck").finished()).isFalse();
        assertThat(component(p, "src").finished()).isTrue();
    }

    @Test
    void aRecordPolledWhenTheStopAtOnceArrivesIsCountedAsDroppedAtShutdown() throws InterruptedException {
        Pipeline p = InProcess.start("""
                system:
                  name: interrupted
                  components:
                    - { name: src, type: Counter, config: { count: 50 } }
                    - { name: sink, type: Interrupter }
                  bindings:
                    - { from: src, to: sink, capacity: 100 }
                """);
        p.awaitCompletion();
        // the sink handled one record, then was stopped with the next one taken from its queue: that one, and the
        // rest of the batch and the queue, are dropped at shutdown; none goes missing
        assertThat(p.summary()).contains("sink (Interrupter): in=1 out=0 dropped=49 errors=0 dropped_shutdown=49 dropped_overflow=0");
    }

    @Test
    void aRecordFannedOutToOneQueueWhenTheStopCameIsCountedSentAndDroppedOnTheQueueThatMissedIt() throws InterruptedException {
        Pipeline p = InProcess.start("""
                system:
                  name: fanout_stopped
                  shutdown_grace_period: 100ms
                  components:
                    - { name: src, type: Counter, config: { count: 0 } }
                    - { name: fast, type: Collector }
                    - { name: stuck, type: Stubborn }
                  bindings:
                    - { from: src, to: fast, capacity: 1000 }
                    - { from: src, to: stuck, capacity: 2 }
                """);
        // src waits for room in stuck's full queue, having put its latest record in fast's queue only
        await().atMost(ofSeconds(5)).until(() -> binding(p, "src.output -> stuck.input").depth() == 2
                && binding(p, "src.output -> fast.input").delivered() == binding(p, "src.output -> stuck.input").delivered() + 1);
        long sent = binding(p, "src.output -> fast.input").delivered();
        p.stop();
        p.awaitCompletion();
        // that record was sent (fast has it) and is dropped at shutdown on the queue it did not reach: each receiver
        // accounts for every record src counts out
        assertThat(p.summary()).anySatisfy(line -> assertThat(line).startsWith("src (Counter): in=0 out=" + sent + " "));
        assertThat(handledPlusDropped(p, "fast")).isEqualTo(sent);
        assertThat(handledPlusDropped(p, "stuck")).isEqualTo(sent);
    }

    /** {@code in + dropped} from a component's summary line. */
    private static long handledPlusDropped(Pipeline p, String component) {
        String line = p.summary().stream().filter(l -> l.startsWith(component + " (")).findFirst().orElseThrow();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(" in=(\\d+) out=\\d+ dropped=(\\d+) ").matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return Long.parseLong(m.group(1)) + Long.parseLong(m.group(2));
    }

    @Test
    void scheduledTasksRunOnTheComponentThread() throws InterruptedException {
        Pipeline p = InProcess.start("""
                system:
                  name: scheduled
                  components:
                    - { name: src, type: Counter, config: { count: 0, pause: 5ms } }
                    - { name: ticker, type: Pass, config: { tick: 10ms } }
                    - { name: out, type: Collector }
                  bindings:
                    - { from: src, to: ticker }
                    - { from: ticker, to: out }
                """);
        await().atMost(ofSeconds(5)).until(() -> Collected.threads("scheduled", "ticker").stream().filter(t -> t.startsWith("tick@")).count() >= 3);
        p.stop();
        assertThat(p.awaitCompletion().succeeded()).isTrue();
        assertThat(Collected.threads("scheduled", "ticker")).allMatch(t -> t.endsWith("@blueprint-ticker"))
                .anyMatch(t -> t.startsWith("record@"));
    }
}
