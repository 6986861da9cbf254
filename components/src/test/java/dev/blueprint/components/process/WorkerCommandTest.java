package dev.blueprint.components.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerCommandTest {
    @TempDir
    Path blueprints;

    @Test
    void aRelativeScriptBesideTheBlueprintIsResolvedAgainstItsDirectory() throws IOException {
        Files.createDirectories(blueprints.resolve("workers"));
        Files.writeString(blueprints.resolve("workers/model.py"), "");

        assertThat(WorkerCommand.resolve(List.of("python3", "workers/model.py", "--model=a/b", "./missing.py"), blueprints))
                .containsExactly("python3", blueprints.resolve("workers/model.py").toString(), "--model=a/b", "./missing.py");
    }

    @Test
    void cwdDefaultsToTheBlueprintsDirectoryAndARelativeOneIsResolvedAgainstIt() {
        assertThat(new WorkerCommand(new ProcessConfig(null, null, null, null, null, null, null, null, null, null), blueprints).cwd())
                .isEqualTo(blueprints);
        assertThat(new WorkerCommand(new ProcessConfig(null, null, null, "data/../run", null, null, null, null, null, null), blueprints).cwd())
                .isEqualTo(blueprints.resolve("run"));
    }
}
