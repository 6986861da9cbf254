package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands other than run and validate, through the real jar: graph, components, --version, --help. */
class CliCommandsIT {
    private static final String GRAPH = """
            system:
              name: shop floor
              components:
                - { name: src, type: Source, config: { count: 1 } }
                - { name: keep, type: Filter }
                - { name: out, type: Sink }
                - { name: bad-records, type: Sink, config: { variant: discard } }
              bindings:
                - { from: src, to: keep }
                - { from: keep.output, to: out.input, capacity: 16, overflow: drop_oldest }
                - { from: keep.rejected, to: bad-records }
            """;

    @TempDir
    Path dir;

    @Test
    void graphPrintsAMermaidFlowchart() {
        var result = CliRunner.run("graph", CliRunner.write(dir, "g.yaml", GRAPH).toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEqualTo("""
                flowchart LR
                    src["src<br/><i>Source</i>"]
                    keep["keep<br/><i>Filter</i>"]
                    out["out<br/><i>Sink</i>"]
                    bad_records["bad-records<br/><i>Sink</i>"]
                    src -->|output → input| keep
                    keep -->|output → input (16, drop_oldest)| out
                    keep -->|rejected → input| bad_records
                """);
    }

    @Test
    void graphPrintsAGraphvizDigraph() {
        var result = CliRunner.run("graph", "--format", "dot", CliRunner.write(dir, "g.yaml", GRAPH).toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEqualTo("""
                digraph "shop floor" {
                    rankdir=LR;
                    node [shape=box];
                    "src" [label="src\\n(Source)"];
                    "keep" [label="keep\\n(Filter)"];
                    "out" [label="out\\n(Sink)"];
                    "bad-records" [label="bad-records\\n(Sink)"];
                    "src" -> "keep" [label="output → input"];
                    "keep" -> "out" [label="output → input (16, drop_oldest)"];
                    "keep" -> "bad-records" [label="rejected → input"];
                }
                """);
    }

    @Test
    void graphRefusesAnUnknownFormatAndAnInvalidBlueprint() {
        Path file = CliRunner.write(dir, "g.yaml", GRAPH);
        var format = CliRunner.run("graph", "--format", "png", file.toString());
        assertThat(format.exitCode()).as(format.toString()).isEqualTo(2);
        CliRunner.assertThatLog(format).contains("expected mermaid or dot, was 'png'");
        var invalid = CliRunner.run("graph", CliRunner.write(dir, "bad.yaml", GRAPH.replace("type: Filter", "type: Filtre")).toString());
        assertThat(invalid.exitCode()).as(invalid.toString()).isEqualTo(2);
        CliRunner.assertThatLog(invalid).contains("bad.yaml:5:27: error: unknown component type 'Filtre' — did you mean 'Filter'?");
        assertThat(invalid.stdout()).isEmpty();
    }

    @Test
    void componentsListsEveryTypeAndEachVariantWithItsOwnKeysAndRealDefaults() {
        var result = CliRunner.run("components");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<String> lines = result.stdoutLines();
        assertThat(lines).contains(
                "Sink — 11 variants, chosen by config.variant (default log): log, file, http, redis, discard, mqtt, nats, amqp, kafka, postgres, websocket",
                "  variant: log (default) — Writes JSON lines to stdout, or each record to the application log at a level.",
                "    inputs:  input (required)",
                "    outputs: errors",
                "  variant: discard — Takes records and keeps nothing; the runtime counts them.",
                "    config: none");
        // each variant's own keys with the defaults its record holds, not "none" and a default in the prose
        assertThat(lines).anyMatch(l -> l.matches("\\s+batch_size\\s+integer\\s+default 1\\s+Records per POST.*"));
        assertThat(lines).anyMatch(l -> l.matches("\\s+url\\s+string\\s+default required\\s+The URL records are POSTed to.*"
                + "\\(e\\.g\\. http://localhost:9000/ingest\\)"));
        assertThat(lines).anyMatch(l -> l.startsWith("Source — ") && l.contains("(default generator)"));
        assertThat(lines).anyMatch(l -> l.startsWith("StreamProcessor — ") && l.contains("(default merge)"));
        assertThat(lines).anyMatch(l -> l.startsWith("Filter — "));
        assertThat(lines).anyMatch(l -> l.startsWith("Transformer — "));
    }

    @Test
    void componentsPrintsJsonForOneTypeWithEveryVariant() throws Exception {
        var result = CliRunner.run("components", "Sink", "--json");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode all = new ObjectMapper().readTree(result.stdout());
        assertThat(all.size()).isEqualTo(1);
        JsonNode sink = all.get(0);
        assertThat(sink.get("type").asText()).isEqualTo("Sink");
        assertThat(sink.get("default_variant").asText()).isEqualTo("log");
        JsonNode http = null;
        List<String> variants = new ArrayList<>();
        for (JsonNode v : sink.get("variants")) {
            variants.add(v.get("variant").asText());
            assertThat(v.get("inputs").toString()).isEqualTo("[{\"name\":\"input\",\"required\":true}]");
            http = v.get("variant").asText().equals("http") ? v : http;
        }
        assertThat(variants).startsWith("log", "file", "http", "redis", "discard");
        List<String> keys = new ArrayList<>();
        http.get("config").forEach(k -> keys.add(k.get("name").asText() + "=" + k.get("default") + (k.get("required").asBoolean() ? "!" : "")));
        assertThat(keys).containsExactly("url=null!", "batch_size=1", "retries=3",
                "backoff={\"initial\":\"200ms\",\"max\":\"5s\",\"multiplier\":2.0,\"jitter\":0.2}", "timeout=\"5s\"");
    }

    @Test
    void componentsRefusesAnUnknownType() {
        var result = CliRunner.run("components", "Sinc");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        CliRunner.assertThatLog(result).contains("error: unknown component type 'Sinc' — did you mean 'Sink'? Known types: ");
    }

    @Test
    void versionNamesTheReleaseAndTheJava() {
        var result = CliRunner.run("--version");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout().strip()).matches("blueprint \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java .+\\)");
    }

    @Test
    void helpListsTheCommandsAndExitCodes() {
        var result = CliRunner.run("--help");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("Usage: blueprint", "  run ", "  validate ", "  components ", "  graph ",
                "Exit codes:", "  0   success", "  1   runtime failure", "  2   usage or validation error");
        var runHelp = CliRunner.run("run", "--help");
        assertThat(runHelp.exitCode()).as(runHelp.toString()).isZero();
        assertThat(runHelp.stdout()).contains("--set=COMPONENT.KEY=VALUE", "--stats=SECONDS", "--log-level=LEVEL", "--plugins=DIR");
    }

    @Test
    void unknownCommandIsAUsageError() {
        var result = CliRunner.run("valdate", "x.yaml");
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        CliRunner.assertThatLog(result).contains("Unmatched arguments from index 0: 'valdate', 'x.yaml'", "Did you mean: blueprint validate");
        assertThat(result.stdout()).isEmpty();
    }
}
