package dev.blueprint.components.stdio;

import static dev.blueprint.components.Runs.lines;
import static dev.blueprint.components.Runs.yamlPath;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.components.Runs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StdinAndMetricsSourceTest {
    @TempDir
    Path dir;

    @Test
    void stdinSourceReadsLinesUntilEndOfInput() throws Exception {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream("{\"n\":1}\n{\"n\":2}\n".getBytes(StandardCharsets.UTF_8)));
        try {
            Runs.run("""
                    system:
                      name: stdin_test
                      components:
                        - {name: in, type: Source, config: {variant: stdin}}
                        - {name: output, type: Sink, config: {variant: file, path: %s}}
                      bindings:
                        - {from: in.output, to: output.input}
                    """.formatted(yamlPath(dir.resolve("out.jsonl"))));
        } finally {
            System.setIn(saved);
        }

        assertThat(lines(dir.resolve("out.jsonl"))).extracting(Object::toString).containsExactly("{\"n\":1}", "{\"n\":2}");
    }

    @Test
    void systemMetricsSourceEmitsHostAndJvmFigures() throws Exception {
        Runs.run("""
                system:
                  name: metrics_test
                  components:
                    - {name: in, type: Source, config: {variant: system_metrics, interval: 10ms, count: 3}}
                    - {name: output, type: Sink, config: {variant: file, path: %s}}
                  bindings:
                    - {from: in.output, to: output.input}
                """.formatted(yamlPath(dir.resolve("out.jsonl"))));

        assertThat(lines(dir.resolve("out.jsonl"))).hasSize(3).allSatisfy(m -> {
            assertThat(m.fieldNames()).toIterable().containsExactly("timestamp", "cpu_load", "process_cpu_load", "load_average",
                    "memory_total_bytes", "memory_free_bytes", "heap_used_bytes", "heap_max_bytes", "threads", "uptime_ms");
            assertThat(m.get("heap_used_bytes").asLong()).isPositive();
            assertThat(m.get("threads").asInt()).isPositive();
        });
    }
}
