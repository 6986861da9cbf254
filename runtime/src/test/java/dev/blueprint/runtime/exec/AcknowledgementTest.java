package dev.blueprint.runtime.exec;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blueprint.fixtures.Collected;
import dev.blueprint.fixtures.CounterProvider;
import dev.blueprint.runtime.InProcess;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The runtime's end-to-end acknowledgement: a source hears that a message is done only when it is. */
@Timeout(60)
class AcknowledgementTest {
    private static Set<Long> oneTo(long n) {
        Set<Long> s = new HashSet<>();
        LongStream.rangeClosed(1, n).forEach(s::add);
        return s;
    }

    @Test
    void aMessageIsAcknowledgedOnlyOnceEveryFanOutCopyHasBeenHandled() throws InterruptedException {
        Pipeline p = InProcess.start("""
                system:
                  name: ack_fan_out
                  components:
                    - { name: src, type: Counter, config: { count: 30, acknowledged: true } }
                    - { name: fast, type: Collector }
                    - { name: slow, type: Collector, config: { delay: 20ms } }
                  bindings:
                    - { from: src, to: fast, capacity: 100 }
                    - { from: src, to: slow, capacity: 100 }
                """);
        Set<Long> acknowledged = CounterProvider.acknowledged("ack_fan_out", "src");
        await().atMost(ofSeconds(10)).until(() -> Collected.numbers("ack_fan_out", "fast").size() == 30);
        // each acknowledgement waited for the slow copy: never more acknowledged than the slow side handled
        int acknowledgedNow = acknowledged.size();
        assertThat(acknowledgedNow).isLessThanOrEqualTo(Collected.numbers("ack_fan_out", "slow").size()).isLessThan(30);

        assertThat(p.awaitCompletion().succeeded()).isTrue();
        assertThat(acknowledged).isEqualTo(oneTo(30));
        assertThat(p.metrics().components().get(0).awaitingAcknowledgement()).isZero();
    }

    @Test
    void recordsAnOverflowPolicyDropsCountAsHandled() throws InterruptedException {
        Pipeline p = InProcess.start("""
                system:
                  name: ack_drop
                  components:
                    - { name: src, type: Counter, config: { count: 200, acknowledged: true } }
                    - { name: slow, type: Collector, config: { delay: 5ms } }
                  bindings:
                    - { from: src, to: slow, capacity: 5, overflow: drop_newest }
                """);
        assertThat(p.awaitCompletion().succeeded()).isTrue();
        assertThat(Collected.numbers("ack_drop", "slow")).hasSizeLessThan(200);
        assertThat(CounterProvider.acknowledged("ack_drop", "src")).isEqualTo(oneTo(200));
    }

    @Test
    void recordsStillQueuedOrBeingHandledWhenTheRunStopsAtOnceAreNotAcknowledged() throws InterruptedException {
        Pipeline p = InProcess.start("""
                system:
                  name: ack_forced
                  components:
                    - { name: src, type: Counter, config: { count: 100, acknowledged: true } }
                    - { name: slow, type: Collector, config: { delay: 50ms } }
                  bindings:
                    - { from: src, to: slow, capacity: 100 }
                """);
        await().atMost(ofSeconds(10)).until(() -> Collected.numbers("ack_forced", "slow").size() >= 3);
        p.forceStop();
        p.awaitCompletion();

        Set<Long> acknowledged = CounterProvider.acknowledged("ack_forced", "src");
        assertThat(acknowledged).hasSizeLessThan(100);
        assertThat(Collected.numbers("ack_forced", "slow")).containsAll(acknowledged);
        assertThat(p.metrics().components().get(0).awaitingAcknowledgement()).isEqualTo(100 - acknowledged.size());
    }

    @Test
    void aRecordWhoseHandlerThrowsIsFailedBackToItsSourceWhenNothingReadsErrors() throws InterruptedException {
        Pipeline p = InProcess.start("""
                system:
                  name: ack_thrown
                  components:
                    - { name: src, type: Counter, config: { count: 30, acknowledged: true } }
                    - { name: picky, type: Thrower, config: { every: 3 } }
                    - { name: out, type: Collector }
                  bindings:
                    - { from: src, to: picky }
                    - { from: picky, to: out }
                """);
        assertThat(p.awaitCompletion().succeeded()).isTrue();
        Set<Long> multiplesOfThree = new HashSet<>();
        LongStream.rangeClosed(1, 10).forEach(i -> multiplesOfThree.add(i * 3));
        assertThat(CounterProvider.failed("ack_thrown", "src")).isEqualTo(multiplesOfThree);
        Set<Long> rest = oneTo(30);
        rest.removeAll(multiplesOfThree);
        assertThat(CounterProvider.acknowledged("ack_thrown", "src")).isEqualTo(rest);
        assertThat(p.metrics().components().get(0).awaitingAcknowledgement()).isZero();
    }

    @Test
    void aRecordWhoseHandlerThrowsIsHandledOnceItsDeadLetterIsWhenErrorsIsBound() throws InterruptedException {
        Pipeline p = InProcess.start("""
                system:
                  name: ack_dead_letter
                  components:
                    - { name: src, type: Counter, config: { count: 30, acknowledged: true } }
                    - { name: picky, type: Thrower, config: { every: 3 } }
                    - { name: out, type: Collector }
                    - { name: dead, type: Collector }
                  bindings:
                    - { from: src, to: picky }
                    - { from: picky, to: out }
                    - { from: picky.errors, to: dead.input }
                """);
        assertThat(p.awaitCompletion().succeeded()).isTrue();
        assertThat(CounterProvider.failed("ack_dead_letter", "src")).isEmpty();
        assertThat(CounterProvider.acknowledged("ack_dead_letter", "src")).isEqualTo(oneTo(30));
    }
}
