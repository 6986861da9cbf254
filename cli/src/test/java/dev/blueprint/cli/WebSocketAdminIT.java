package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.components.websocket.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WebSocket admin API (connection operations) through the real CLI jar. */
class WebSocketAdminIT {
    private static final String TOKEN = "it-admin-token-6f1d2c9a8b7e";
    private static final String BLUEPRINT = """
            system:
              name: admin_demo
              components:
                - name: server
                  type: WebSocket
                  config:
                    port: 0
                    path: /ws/{session_id}
                    admin:
                      enabled: true
                      token: ${ADMIN_TOKEN}
            """;

    @TempDir
    Path dir;

    private static HttpResponse<String> call(int port, String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anOperatorListsConnectionsAndBroadcastsWithTheTokenFromTheEnvironment() throws Exception {
        Path file = CliRunner.write(dir, "admin.yaml", BLUEPRINT);
        try (CliRunner.Running run = CliRunner.start(CliRunner.env("ADMIN_TOKEN", TOKEN), "run", file.toString())) {
            int ws = run.webSocketPort();
            int admin = ws; // the admin API is served with the other HTTP endpoints, on the WebSocket port
            CliRunner.assertThatLog(run).doesNotContain(TOKEN);
            WsTestClient client = WsTestClient.connect("ws://127.0.0.1:" + ws + "/ws/s-42");
            run.awaitConnections("server", 1); // its handshake may end before the server counts it in

            assertThat(call(admin, "GET", "/connections", null, null).statusCode()).isEqualTo(401);
            assertThat(call(admin, "POST", "/broadcast", "sneaky", "not-the-token").statusCode()).isEqualTo(401);
            HttpResponse<String> list = call(admin, "GET", "/connections", null, TOKEN);
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).startsWith("[{\"id\":\"c-").contains("\"session_id\":\"s-42\"",
                    "\"path_params\":{\"session_id\":\"s-42\"}", "\"remote\":\"127.0.0.1:", "\"connected_since\":\"");
            HttpResponse<String> broadcast = call(admin, "POST", "/broadcast", "{\"notice\":\"maintenance at 18:00\"}", TOKEN);
            assertThat(broadcast.body()).isEqualTo("{\"reached\":1}");
            assertThat(client.awaitMessages(1)).containsExactly("{\"notice\":\"maintenance at 18:00\"}");

            run.signal("TERM");
            assertThat(client.awaitClose()).isEqualTo(1001);
            CliRunner.Result result = run.await(Duration.ofSeconds(30));
            assertThat(result.exitCode()).as(result.toString()).isZero();
        }
    }

    @Test
    void validateRefusesAnEnabledAdminApiWithoutAToken() {
        Path noToken = CliRunner.write(dir, "no-token.yaml", BLUEPRINT.replace("          token: ${ADMIN_TOKEN}\n", ""));
        CliRunner.Result result = CliRunner.run("validate", noToken.toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        CliRunner.assertThatLogLines(result).containsExactly(noToken + ":10:11: error: server.config.admin.token is required when "
                + "admin.enabled is true: admin requests must send 'Authorization: Bearer <token>'; set token: ${ADMIN_TOKEN} "
                + "and export ADMIN_TOKEN");

        Path withToken = CliRunner.write(dir, "admin.yaml", BLUEPRINT);
        CliRunner.Result unset = CliRunner.run("validate", withToken.toString());
        assertThat(unset.exitCode()).as(unset.toString()).isEqualTo(2);
        CliRunner.assertThatLog(unset).contains(withToken + ":11:18: error: environment variable ADMIN_TOKEN is not set");
        CliRunner.Result set = CliRunner.run(Duration.ofSeconds(60), CliRunner.env("ADMIN_TOKEN", TOKEN), "validate", withToken.toString());
        assertThat(set.exitCode()).as(set.toString()).isZero();
    }
}
