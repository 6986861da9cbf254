package dev.blueprint.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.runtime.model.Blueprint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunnerContextTest {

    private static RunnerContext contextOf(String file) {
        Pipeline p = Pipeline.build(new Blueprint(file, "s", null, List.of(), List.of(), Duration.ofSeconds(1)));
        return new RunnerContext("c", p, new ComponentCounters("c", "T"), Map.of(), Set.of(), new Handling());
    }

    @Test
    void blueprintDirectoryIsTheAbsoluteDirectoryOfTheBlueprintFile() {
        assertThat(contextOf("blueprints/token-stream.yaml").blueprintDirectory())
                .isEqualTo(Path.of("blueprints").toAbsolutePath());
        assertThat(contextOf("/srv/app/system.yaml").blueprintDirectory()).isEqualTo(Path.of("/srv/app"));
    }

    @Test
    void blueprintDirectoryOfAFileNameWithoutDirectoryIsTheWorkingDirectory() {
        assertThat(contextOf("test.yaml").blueprintDirectory()).isEqualTo(Path.of("").toAbsolutePath());
    }
}
