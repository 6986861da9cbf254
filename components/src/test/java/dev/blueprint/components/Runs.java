package dev.blueprint.components;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.api.PipelineMetrics.ComponentStats;
import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.runtime.exec.RunOutcome;
import dev.blueprint.testing.TestPipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs blueprints in-process and reads what their file sinks wrote; shared by the component tests. */
public final class Runs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Runs() {
    }

    /** A finished run: its pipeline (for counters) and outcome. */
    public record Finished(Pipeline pipeline, RunOutcome outcome) {
        /** The counters of component {@code name}. */
        public ComponentStats stats(String name) {
            return pipeline.metrics().components().stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no component " + name));
        }
    }

    /** Runs a finite blueprint to completion and checks that it succeeded. */
    public static Finished run(String yaml) throws InterruptedException {
        Pipeline p = TestPipeline.start(yaml);
        RunOutcome outcome = p.awaitCompletion();
        assertThat(outcome.failure()).as("run failure").isNull();
        return new Finished(p, outcome);
    }

    /** The JSON lines of {@code file}; empty when it does not exist. */
    public static List<JsonNode> lines(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<JsonNode> out = new ArrayList<>();
            // a sink may be writing: a last line without its newline is not yet written, and is left for a later read
            String text = Files.readString(file);
            int end = text.lastIndexOf('\n');
            for (String line : end < 0 ? List.<String>of() : text.substring(0, end).lines().toList()) {
                out.add(JSON.readTree(line));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The raw lines of {@code file} (a sink writes string records unquoted); empty when it does not exist. */
    public static List<String> rawLines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses JSON text. */
    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A path for YAML: forward slashes, quoted. */
    public static String yamlPath(Path p) {
        return "\"" + p.toAbsolutePath().toString().replace('\\', '/') + "\"";
    }
}
