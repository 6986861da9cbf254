package dev.blueprint.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.api.Component;
import dev.blueprint.fixtures.KeeperProvider.Keeper;
import dev.blueprint.runtime.model.Blueprint;
import dev.blueprint.runtime.InProcess;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A component handed from one pipeline to the next (run --watch): detached and attached, never stopped or closed between. */
@Timeout(30)
class HandoverTest {
    private static final String YAML = """
            system:
              name: handover
              components:
                - {name: server, type: Keeper}
                - {name: other, type: Keeper}
            """;

    @Test
    void aKeptComponentIsDetachedThenAttachedToTheNextPipelineAndClosedOnlyAtTheEnd() throws InterruptedException {
        Blueprint blueprint = InProcess.load(YAML);
        Pipeline first = Pipeline.build(blueprint);
        first.start();
        Keeper server = first.component("server", Keeper.class).orElseThrow();
        Keeper other = first.component("other", Keeper.class).orElseThrow();

        first.keepOnStop(Set.of("server"));
        first.stop();
        first.awaitCompletion();
        Map<String, Component> kept = first.keptComponents();

        assertThat(kept).containsOnlyKeys("server").containsValue(server);
        assertThat(server.events()).containsExactly("start", "detach");
        assertThat(other.events()).containsExactly("start", "stop", "close");

        Pipeline second = Pipeline.build(blueprint, kept);
        second.start();
        assertThat(second.component("server", Keeper.class)).containsSame(server);
        assertThat(second.component("other", Keeper.class).orElseThrow()).isNotSameAs(other);
        second.stop();
        assertThat(second.awaitCompletion().succeeded()).isTrue();

        assertThat(server.events()).containsExactly("start", "detach", "attach", "stop", "close");
        assertThat(second.keptComponents()).isEmpty();
    }

    @Test
    void clearingTheMarksMakesAStopCloseEverything() throws InterruptedException {
        Pipeline p = Pipeline.build(InProcess.load(YAML));
        p.keepOnStop(Set.of("server"));
        p.start();
        p.keepOnStop(Set.of());
        p.stop();
        p.awaitCompletion();

        assertThat(p.component("server", Keeper.class).orElseThrow().events()).containsExactly("start", "stop", "close");
        assertThat(p.keptComponents()).isEmpty();
    }
}
