package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the ops API shows, through the CLI jar: config secrets (static tokens included) never, tapped records with
 * their secret fields and card numbers hidden unless {@code tap_redact: []} says otherwise; and a JSON number a double
 * cannot hold is refused, not turned into Infinity.
 */
class SecretsInOpsApiIT {
    private static final String TOKEN_A = "static-token-a-5d8e1f";
    private static final String TOKEN_B = "static-token-b-93c0aa";
    private static final String ADMIN = "admin-token-71be02";
    private static final String RECORD = "{\"user\":\"ada\",\"password\":\"hunter2-pw\",\"card\":\"4111 1111 1111 1111\",\"api_token\":\"tk-778\",\"note\":\"kept\"}";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private String blueprint(String tapRedact) {
        return """
                system:
                  name: secrets
                %s  components:
                    - {name: ingest, type: Source, config: {variant: http, host: 127.0.0.1, port: 0, path: /in}}
                    - name: ws
                      type: WebSocket
                      config:
                        host: 127.0.0.1
                        port: 0
                        auth: {mode: tokens, tokens: ["%s", "%s"]}
                        admin: {enabled: true, token: "%s"}
                  bindings:
                    - {from: ingest.output, to: ws.input}
                """.formatted(tapRedact, TOKEN_A, TOKEN_B, ADMIN);
    }

    @Test
    void staticTokensAndTappedSecretsNeverAppearInTheApi() throws Exception {
        Path file = CliRunner.write(dir, "secrets.yaml", blueprint(""));
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", file.toString())) {
            int ingest = run.port("ingest");
            int ops = run.opsPort();
            CliRunner.httpGet(ops, "/api/components/ingest"); // opens the tap
            assertThat(post(ingest, RECORD).statusCode()).isEqualTo(202);
            await("the record tapped").atMost(Duration.ofSeconds(10))
                    .until(() -> CliRunner.httpGet(ops, "/api/components/ingest").body().contains("\"note\":\"kept\""));

            String tapped = CliRunner.httpGet(ops, "/api/components/ingest").body();
            assertThat(tapped).contains("\"user\":\"ada\"", "\"password\":\"(redacted)\"", "\"card\":\"(redacted)\"",
                    "\"api_token\":\"(redacted)\"").doesNotContain("hunter2-pw", "4111", "tk-778");
            for (String path : new String[] {"/api/pipeline", "/api/components/ws", "/api/components/ingest", "/api/stats"}) {
                assertThat(CliRunner.httpGet(ops, path).body()).as(path).doesNotContain(TOKEN_A, TOKEN_B, ADMIN);
            }
            assertThat(CliRunner.httpGet(ops, "/api/components/ws").body()).contains("\"tokens\":\"(redacted)\"", "\"token\":\"(redacted)\"");
            assertThat(run.stderr()).doesNotContain(TOKEN_A, TOKEN_B, ADMIN, "hunter2-pw");
        }
    }

    @Test
    void tapRedactEmptyShowsTappedRecordsAsTheyAre() throws Exception {
        Path file = CliRunner.write(dir, "secrets.yaml", blueprint("  tap_redact: []\n"));
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", file.toString())) {
            int ingest = run.port("ingest");
            int ops = run.opsPort();
            CliRunner.httpGet(ops, "/api/components/ingest");
            assertThat(post(ingest, RECORD).statusCode()).isEqualTo(202);
            await("the record tapped, unredacted").atMost(Duration.ofSeconds(10))
                    .until(() -> CliRunner.httpGet(ops, "/api/components/ingest").body().contains("\"password\":\"hunter2-pw\""));
            assertThat(CliRunner.httpGet(ops, "/api/pipeline").body()).as("config secrets stay hidden").doesNotContain(TOKEN_A, ADMIN);
        }
    }

    @Test
    void aNumberBeyondDoubleRangeIsRefusedWithItsReason() throws Exception {
        Path file = CliRunner.write(dir, "secrets.yaml", blueprint(""));
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", file.toString())) {
            int ingest = run.port("ingest");
            HttpResponse<String> huge = post(ingest, "{\"reading\":1e1000000}");
            assertThat(huge.statusCode()).isEqualTo(400);
            assertThat(huge.body()).contains("number 1e1000000 is beyond the range of a double");
            assertThat(post(ingest, "{\"reading\":-1e400}").statusCode()).isEqualTo(400);
            assertThat(post(ingest, "{\"reading\":1.7976931348623157e308}").statusCode()).as("the largest double").isEqualTo(202);
        }
    }

    private static HttpResponse<String> post(int port, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/in")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
