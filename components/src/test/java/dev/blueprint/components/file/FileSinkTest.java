package dev.blueprint.components.file;

import static dev.blueprint.components.Runs.lines;
import static dev.blueprint.components.Runs.yamlPath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.components.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTest {
    @TempDir
    Path dir;

    @Test
    void fileSinkRotatesOnceTheFileReachesRotateBytes() throws Exception {
        Path out = dir.resolve("out.jsonl");
        Runs.run("""
                system:
                  name: rotate_test
                  components:
                    - {name: gen, type: Source, config: {rate: 0, count: 10, template: {n: "{{seq}}"}}}
                    - {name: out, type: Sink, config: {variant: file, path: %s, rotate_bytes: 24}}
                  bindings:
                    - {from: gen.output, to: out.input}
                """.formatted(yamlPath(out)));

        // each line is {"n":1}\\n = 8 bytes (9 for n=10): files fill at 3 lines = 24 bytes
        List<Integer> all = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Path rotated = Path.of(out + "." + i);
            assertThat(Files.size(rotated)).isEqualTo(24);
            lines(rotated).forEach(n -> all.add(n.get("n").asInt()));
        }
        assertThat(Path.of(out + ".4")).doesNotExist();
        lines(out).forEach(n -> all.add(n.get("n").asInt()));
        assertThat(all).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }
}
