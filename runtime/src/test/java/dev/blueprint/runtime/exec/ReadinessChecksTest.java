package dev.blueprint.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.runtime.InProcess;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ReadinessChecksTest {

    @Test
    void notReadyListsTheFailingChecksInRegistrationOrder() {
        ReadinessChecks checks = new ReadinessChecks();
        AtomicBoolean redis = new AtomicBoolean(true);
        checks.register("db", () -> false);
        checks.register("redis", redis::get);
        checks.register("cache", () -> false);

        assertThat(checks.notReady()).containsExactly("db", "cache");
        redis.set(false);
        assertThat(checks.notReady()).containsExactly("db", "redis", "cache");
    }

    @Test
    void aCheckThatThrowsCountsAsNotReady() {
        ReadinessChecks checks = new ReadinessChecks();
        checks.register("broken", () -> {
            throw new IllegalStateException("cannot tell");
        });

        assertThat(checks.notReady()).containsExactly("broken");
    }

    @Test
    void aPipelineWithoutChecksIsReady() {
        Pipeline p = Pipeline.build(InProcess.load("""
                system:
                  name: readiness_none
                  components:
                    - { name: a, type: Counter, config: { count: 1 } }
                    - { name: out, type: Collector }
                  bindings:
                    - { from: a, to: out }
                """));

        assertThat(p.readiness().notReady()).isEmpty();
        p.readiness().register("x", () -> false);
        assertThat(p.readiness().notReady()).containsExactly("x");
    }
}
