package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a run listens, as its log says it, through the CLI jar: the real bound address, and one WARN per exposed ops or admin port. */
class BoundAddressLogIT {
    private static final String BLUEPRINT = """
            system:
              name: exposed
              components:
                - name: ws
                  type: WebSocket
                  config:
                    host: %s
                    port: 0
                    admin: {enabled: true, token: "a-token-for-the-log-test"}
            """;

    @TempDir
    Path dir;

    @Test
    void everyInterfaceIsNamedAsBoundAndWarnedOnceForOpsAndOnceForAdmin() {
        Path file = CliRunner.write(dir, "exposed.yaml", BLUEPRINT.formatted("0.0.0.0"));
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", file.toString(), "--http", "0.0.0.0:0", "--http-insecure")) {
            // the warnings come after the lines naming the addresses: wait for them too
            run.awaitStderr("ops - pipeline page http://").awaitStderr("admin API on http://")
                    .awaitStderr("ops - the ops server listens on 0.0.0.0:").awaitStderr("ws - the admin API (connections, send, close, broadcast) listens on")
                    .awaitStderr("only its bearer token protects it");
            int ops = run.opsPort();
            int ws = run.webSocketPort();
            String log = run.stderr();
            assertThat(log).contains("ops - pipeline page http://0.0.0.0:" + ops + "/", "ws - listening on ws://0.0.0.0:" + ws + "/",
                    "ws - HTTP on http://0.0.0.0:" + ws + "/").doesNotContain("localhost:");
            assertThat(log.lines().filter(l -> l.contains("WARN") && l.contains("ops - the ops server listens on 0.0.0.0:" + ops
                    + ", every interface: anyone who can reach this machine can read it"))).hasSize(1);
            assertThat(log.lines().filter(l -> l.contains("WARN") && l.contains("ws - the admin API (connections, send, close, broadcast) "
                    + "listens on 0.0.0.0:" + ws + ", every interface"))).hasSize(1);
            assertThat(log).contains("only its bearer token protects it, and without tls the token crosses the network in clear");
        }
    }

    @Test
    void loopbackBindsAreNamedAsBoundWithoutAWarning() {
        Path file = CliRunner.write(dir, "local.yaml", BLUEPRINT.formatted("127.0.0.1"));
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", file.toString(), "--http", "127.0.0.1:0")) {
            run.awaitStderr("ops - pipeline page http://").awaitStderr("admin API on http://");
            assertThat(run.stderr()).contains("ops - pipeline page http://127.0.0.1:" + run.opsPort() + "/")
                    .contains("ws - listening on ws://127.0.0.1:" + run.webSocketPort()).doesNotContain("WARN");
        }
    }
}
