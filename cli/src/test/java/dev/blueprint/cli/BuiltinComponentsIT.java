package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Built-in components as a user meets them through the CLI: error reporting and exit codes, output choices. */
class BuiltinComponentsIT {
    @TempDir
    Path dir;

    @Test
    void logSinkWithALevelWritesRecordsToTheLogInsteadOfStdout() {
        Path file = CliRunner.write(dir, "level.yaml", """
                system:
                  name: log_level
                  components:
                    - {name: gen, type: Source, config: {rate: 0, count: 2, template: {n: "{{seq}}"}}}
                    - {name: out, type: Sink, config: {level: warn}}
                  bindings:
                    - {from: gen.output, to: out.input}
                """);

        CliRunner.Result r = CliRunner.run("run", file.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).contains("WARN  [blueprint-out] out - {\"n\":1}").contains("out - {\"n\":2}");
    }

    @Test
    void invalidJqIsReportedAtItsLineAndColumnWithExitCode2() {
        Path file = CliRunner.write(dir, "bad.yaml", """
                system:
                  name: bad_jq
                  components:
                    - name: gen
                      type: Source
                    - name: keep
                      type: Filter
                      config:
                        condition: '.level =='
                    - name: out
                      type: Sink
                  bindings:
                    - {from: gen.output, to: keep.input}
                    - {from: keep.output, to: out.input}
                """);

        CliRunner.Result r = CliRunner.run("run", file.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr()).contains("bad.yaml:9:20: error: keep.config.condition").contains("is not a valid jq expression");
    }

    @Test
    void unreadableInputFileFailsTheRunWithExitCode1() {
        Path file = CliRunner.write(dir, "missing.yaml", """
                system:
                  name: missing_input
                  components:
                    - {name: in, type: Source, config: {variant: file, path: does-not-exist.jsonl}}
                    - {name: out, type: Sink}
                  bindings:
                    - {from: in.output, to: out.input}
                """);

        CliRunner.Result r = CliRunner.run("run", file.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).contains("cannot read").contains("does-not-exist.jsonl");
    }
}
