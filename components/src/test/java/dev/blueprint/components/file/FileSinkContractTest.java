package dev.blueprint.components.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.api.ComponentProvider;
import dev.blueprint.runtime.json.BlueprintJson;
import dev.blueprint.testing.ComponentContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code Sink} file variant passes the component contract, and opens its file only in start(). */
class FileSinkContractTest extends ComponentContractTest<FileSinkConfig> {
    @TempDir
    Path dir;

    @Override
    protected ComponentProvider<FileSinkConfig> provider() {
        return new FileSinkProvider();
    }

    @Override
    protected FileSinkConfig config() {
        return bind("{\"path\": " + BlueprintJson.records().getNodeFactory().textNode(file().toString()) + "}");
    }

    private Path file() {
        return dir.resolve("sub").resolve("out.jsonl");
    }

    @Test
    void createOpensNoFile() {
        provider().create(config());
        assertThat(file()).doesNotExist();
        assertThat(file().getParent()).doesNotExist();
    }

    @Test
    void writesTheSampleRecordsAsJsonLines() throws Exception {
        runWithSampleRecords();
        assertThat(Files.readAllLines(file())).containsExactly(
                "{\"n\":1,\"text\":\"one\"}", "{\"n\":2,\"text\":\"two\"}", "{\"n\":3,\"text\":\"three\"}");
    }
}
