package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes a blueprint author makes that validate catches before a run would fail on them, and the CLI's small helps. */
class AuthorMistakesIT {
    @TempDir
    Path dir;

    private CliRunner.Result validate(String yaml) {
        return CliRunner.run("validate", CliRunner.write(dir, "b.yaml", yaml).toString());
    }

    @Test
    void unknownJqFunctionAndWrongArityAreErrorsAtTheirLineAndColumn() {
        var r = validate("""
                system:
                  name: jq
                  components:
                    - {name: src, type: Source, config: {count: 1}}
                    - name: f
                      type: Filter
                      config:
                        condition: '.x | nosuchfn'
                    - name: t
                      type: Transformer
                      config:
                        expression: '.ts | todate | split("a"; "b"; "c")'
                  bindings:
                    - {from: src.output, to: f.input}
                    - {from: f.output, to: t.input}
                """);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        CliRunner.assertThatLog(r).contains(dir.resolve("b.yaml") + ":8:20: error: f.config.condition: calls a jq function that does not exist: "
                + "'nosuchfn' is not a jq function");
        // todate is one of jq 1.6's date built-ins (issue 25): only split's arity is wrong on that line
        CliRunner.assertThatLog(r).contains(":12:21: error: t.config.expression: calls a jq function that does not exist: "
                + "'split' takes 1 or 2 argument(s), not 3").doesNotContain("'todate'");
    }

    @Test
    void relativeInputPathsResolveAgainstTheBlueprintFolderFromAnyWorkingDirectory() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/in.jsonl"), "{\"n\":1}\n{\"n\":2}\n");
        Path file = CliRunner.write(dir, "rel.yaml", """
                system:
                  name: rel
                  components:
                    - {name: in, type: Source, config: {variant: file, path: data/in.jsonl}}
                    - {name: out, type: Sink, config: {variant: file, path: out/copy.jsonl}}
                  bindings:
                    - {from: in.output, to: out.input}
                """);
        // CliRunner runs in the repository root, not beside the blueprint
        var r = CliRunner.run("run", file.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Files.readAllLines(dir.resolve("out/copy.jsonl"))).containsExactly("{\"n\":1}", "{\"n\":2}");
    }

    @Test
    void fractionalPortDuplicatePortsKeystoreDirectoryAndMissingCwdAreErrors() throws IOException {
        Files.createDirectories(dir.resolve("a-directory.p12"));
        var r = validate("""
                system:
                  name: ports
                  components:
                    - {name: a, type: WebSocket, config: {port: 8080.9}}
                    - {name: b, type: WebSocket, config: {port: 18123}}
                    - {name: c, type: Source, config: {variant: http, port: 18123}}
                    - {name: d, type: WebSocket, config: {port: 0, tls: {keystore: a-directory.p12}}}
                    - {name: p, type: Process, config: {command: [cat], cwd: no-such-dir}}
                  bindings:
                    - {from: c.output, to: p.input}
                """);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        CliRunner.assertThatLog(r)
                .contains(":4:49: error: a.config.port must be an integer, was 8080.9")
                .contains(":6:61: error: c.config.port: port 18123 is already taken by b.config.port")
                .contains("error: d.config.tls.keystore: is not a regular file: " + dir.resolve("a-directory.p12"))
                .contains("error: p.config.cwd: no such directory: " + dir.resolve("no-such-dir"));
    }

    @Test
    void badOptionsExitTwoWithAMessage() {
        Path hello = CliRunner.blueprint("hello.yaml");
        var stats = CliRunner.run("run", "--stats", "0", hello.toString());
        assertThat(stats.exitCode()).as(stats.toString()).isEqualTo(2);
        CliRunner.assertThatLog(stats).isEqualTo("error: --stats takes a whole number of seconds, at least 1, was 0\n");
        var level = CliRunner.run("run", "--log-level", "loud", hello.toString());
        assertThat(level.exitCode()).as(level.toString()).isEqualTo(2);
        CliRunner.assertThatLog(level).contains("error: --log-level must be error, warn, info, debug or trace, was 'loud'")
                .doesNotContain("null");
    }

    @Test
    void portAlreadyInUseIsOneLineNamingTheKeyToSet() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            var r = CliRunner.run("run", "--set", "websocket_server.port=" + taken.getLocalPort(), CliRunner.blueprint("echo.yaml").toString());
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            CliRunner.assertThatLog(r).contains("error: component 'websocket_server' (WebSocket) failed to start: port " + taken.getLocalPort()
                    + " is already in use by another process; set websocket_server.port (0 picks a free port)\n")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void helloRunsWithoutWarnings() {
        var r = CliRunner.run("run", CliRunner.blueprint("hello.yaml").toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        CliRunner.assertThatLog(r).doesNotContain("warning").doesNotContain("WARN");
    }

    @Test
    void componentsOffersDidYouMeanForAMisspeltType() {
        var r = CliRunner.run("components", "Websocket");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        CliRunner.assertThatLog(r).startsWith("error: unknown component type 'Websocket' — did you mean 'WebSocket'?");
    }

    @Test
    void componentsShowsEachVariantsDefaultsAndNestedKeys() throws IOException {
        var text = CliRunner.run("components", "Source");
        assertThat(text.stdout()).containsPattern("(?s)variant: http — .*?\\n +port +integer +default 8080 ");
        var json = new ObjectMapper().readTree(CliRunner.run("components", "--json", "WebSocket").stdout());
        JsonNode auth = null;
        for (JsonNode k : json.get(0).get("config")) {
            if (k.get("name").asText().equals("auth")) {
                auth = k;
            }
        }
        assertThat(auth).isNotNull();
        assertThat(auth.get("keys").findValuesAsText("name")).contains("mode", "tokens", "secret");
    }

    @Test
    void completionPrintsABashScriptAndHelpHasExamples() {
        var r = CliRunner.run("completion");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).startsWith("#!/usr/bin/env bash").contains("complete -F");
        for (String command : new String[] {"run", "validate", "components", "graph", "test", "schema"}) {
            var help = CliRunner.run(command, "--help");
            assertThat(help.stdout()).as(command).contains("Examples:").contains("blueprint " + command);
        }
    }

    @Test
    void filterSummaryCountsRejectedApartFromPassed() {
        var r = CliRunner.run("run", CliRunner.blueprint("log-processing.yaml").toString(), "--set", "alerts.path=" + dir.resolve("a.jsonl"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        CliRunner.assertThatLog(r).contains("summary: problems_only (Filter): in=8 out=8 dropped=0 errors=0 out.output=4 out.rejected=4");
    }
}
