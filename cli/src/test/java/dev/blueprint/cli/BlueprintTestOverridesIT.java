package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code blueprint test} beside a running service: a whole-pipeline test of a blueprint with a WebSocket server binds
 * any free port, not the one the service holds, and {@code --set} changes a config key for the test run.
 */
class BlueprintTestOverridesIT {
    @TempDir
    Path dir;

    private Path blueprint(int port) {
        CliRunner.write(dir, "live.yaml", """
                system:
                  name: live
                  components:
                    - {name: readings, type: Source}
                    - {name: double, type: Transformer, config: {expression: '{n: (.n * 2)}'}}
                    - {name: dashboard, type: WebSocket, config: {port: %d, path: /}}
                    - {name: out, type: Sink, config: {variant: discard}}
                  bindings:
                    - {from: readings, to: double}
                    - {from: double, to: dashboard}
                    - {from: double, to: out}
                """.formatted(port));
        CliRunner.write(dir, "live.test.yaml", """
                tests:
                  - name: the whole pipeline doubles n
                    inputs:
                      readings: [{n: 1}, {n: 2}]
                    expect:
                      out: [{n: 2}, {n: 4}]
                """);
        return dir.resolve("live.yaml");
    }

    @Test
    void aWholePipelineTestRunsWhileTheServiceHoldsTheServersPort() throws Exception {
        try (ServerSocket service = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            var r = CliRunner.run("test", blueprint(service.getLocalPort()).toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).contains("  ok    the whole pipeline doubles n", "1 passed, 0 failed");
        }
    }

    @Test
    void setChangesAConfigKeyOfTheBlueprintUnderTest() {
        Path bp = blueprint(0);
        var r = CliRunner.run("test", "--set", "double.expression={n: (.n * 3)}", bp.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stdout()).contains("FAIL  the whole pipeline doubles n", "+ received {\"n\":3}");
    }

    @Test
    void aPortSetOnTheCommandLineIsKept() throws Exception {
        try (ServerSocket service = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            var r = CliRunner.run("test", "--set", "dashboard.port=" + service.getLocalPort(), blueprint(0).toString());
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            assertThat(r.stdout() + r.stderr()).contains("already in use");
        }
    }
}
