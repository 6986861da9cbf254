package dev.blueprint.components.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin HTTP API ({@code /connections}, {@code /broadcast}) with real clients over loopback. */
class WebSocketAdminTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "test-admin-token-0123456789";
    private static final String ADMIN = "admin: {enabled: true, token: " + TOKEN + "}";

    @TempDir
    Path dir;

    @Test
    void everyAdminEndpointRefusesRequestsWithoutTheToken() throws Exception {
        try (var ws = new WebSocketHarness(dir, "path: /ws\n" + ADMIN)) {
            WsTestClient client = WsTestClient.connect(ws.url("/ws"));
            String id = onlyConnectionId(ws);
            for (String[] call : new String[][] {{"GET", "/connections"}, {"GET", "/connections/" + id},
                    {"POST", "/connections/" + id + "/send"}, {"POST", "/connections/" + id + "/close"}, {"POST", "/broadcast"},
                    {"GET", "/connections/nope/nothing"}}) {
                for (String token : new String[] {null, "wrong-token", TOKEN + "x", ""}) {
                    HttpResponse<String> r = call(ws, call[0], call[1], "unauthorized", token);
                    assertThat(r.statusCode()).as("%s %s with token %s", call[0], call[1], token).isEqualTo(401);
                    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
                    assertThat(json(r).path("error").asText()).contains("Authorization: Bearer");
                }
            }
            HttpResponse<String> basic = HttpClient.newHttpClient().send(request(ws, "GET", "/connections", null)
                    .header("Authorization", "Basic " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(basic.statusCode()).isEqualTo(401);

            // none of the refused requests reached the client: the first message it gets is the authorized one
            assertThat(call(ws, "POST", "/broadcast", "authorized", TOKEN).statusCode()).isEqualTo(200);
            assertThat(client.awaitMessages(1)).first().isEqualTo("authorized");
            assertThat(ws.component().connection(id)).isPresent();
            client.close();
        }
    }

    @Test
    void listsEachConnectionWithSessionPathParametersRemoteAddressAndCounters() throws Exception {
        try (var ws = new WebSocketHarness(dir, "path: /{agent_id}/ws/{session_id}\n" + ADMIN)) {
            Instant before = Instant.now();
            WsTestClient a = WsTestClient.connect(ws.url("/agent-1/ws/s1"));
            WsTestClient b = WsTestClient.connect(ws.url("/agent-2/ws/s2?x=1"));
            await().atMost(Duration.ofSeconds(5)).until(() -> ws.connectionCount() == 2);
            Instant after = Instant.now();
            a.send("one").send("two"); // relayed to every client through ws.messages -> ws.input
            b.awaitMessages(2);
            a.awaitMessages(2);

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                JsonNode list = json(call(ws, "GET", "/connections", null, TOKEN));
                assertThat(list).hasSize(2);
                assertThat(list.get(0).path("pending_bytes").asLong()).isZero();
                assertThat(list.get(1).path("pending_bytes").asLong()).isZero();
            });
            HttpResponse<String> r = call(ws, "GET", "/connections", null, TOKEN);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            List<JsonNode> list = StreamSupport.stream(json(r).spliterator(), false).toList();
            JsonNode ca = list.get(0);
            JsonNode cb = list.get(1);
            assertThat(ca.path("session_id").asText()).isEqualTo("s1");
            assertThat(cb.path("session_id").asText()).isEqualTo("s2");
            assertThat(ca.path("id").asText()).matches("c-\\d+");
            assertThat(cb.path("id").asText()).matches("c-\\d+").isNotEqualTo(ca.path("id").asText());
            assertThat(ca.path("path_params")).isEqualTo(JSON.readTree("{\"agent_id\":\"agent-1\",\"session_id\":\"s1\"}"));
            assertThat(cb.path("path_params")).isEqualTo(JSON.readTree("{\"agent_id\":\"agent-2\",\"session_id\":\"s2\"}"));
            assertThat(ca.path("remote").asText()).matches("127\\.0\\.0\\.1:\\d+");
            assertThat(ca.path("remote").asText()).isNotEqualTo(cb.path("remote").asText());
            Instant since = Instant.parse(ca.path("connected_since").asText());
            assertThat(since).isBetween(before, after);
            assertThat(ca.path("messages_in").asLong()).isEqualTo(2);
            assertThat(cb.path("messages_in").asLong()).isZero();
            assertThat(ca.path("messages_out").asLong()).isEqualTo(2);
            assertThat(cb.path("messages_out").asLong()).isEqualTo(2);

            HttpResponse<String> one = call(ws, "GET", "/connections/" + cb.path("id").asText(), null, TOKEN);
            assertThat(one.statusCode()).isEqualTo(200);
            assertThat(json(one)).isEqualTo(cb);
            a.close();
            b.close();
        }
    }

    @Test
    void sendReachesOnlyThatConnectionAndUnknownIdsGet404() throws Exception {
        try (var ws = new WebSocketHarness(dir, "path: /{session_id}\n" + ADMIN)) {
            WsTestClient a = WsTestClient.connect(ws.url("/a"));
            WsTestClient b = WsTestClient.connect(ws.url("/b"));
            ws.awaitConnections(2); // a client's handshake may end before the server counts it in
            String idA = idOfSession(ws, "a");

            HttpResponse<String> sent = call(ws, "POST", "/connections/" + idA + "/send", "{\"only\":\"a\"}", TOKEN);
            assertThat(sent.statusCode()).isEqualTo(200);
            assertThat(json(sent)).isEqualTo(JSON.readTree("{\"id\":\"" + idA + "\",\"sent\":true}"));
            assertThat(a.awaitMessages(1)).containsExactly("{\"only\":\"a\"}");
            // b's first message is the broadcast after it: the send never reached b
            assertThat(json(call(ws, "POST", "/broadcast", "all", TOKEN)).path("reached").asInt()).isEqualTo(2);
            assertThat(b.awaitMessages(1)).containsExactly("all");
            assertThat(a.awaitMessages(2)).containsExactly("{\"only\":\"a\"}", "all");

            for (String[] call : new String[][] {{"POST", "/connections/c-999/send"}, {"POST", "/connections/c-999/close"},
                    {"GET", "/connections/c-999"}}) {
                HttpResponse<String> r = call(ws, call[0], call[1], "x", TOKEN);
                assertThat(r.statusCode()).as(call[1]).isEqualTo(404);
                assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
                assertThat(json(r).path("error").asText()).isEqualTo("no open connection 'c-999'; GET /connections lists them");
            }
            for (String path : new String[] {"/connections/" + idA + "/nothing", "/connections/" + idA + "/send/more", "/connections//send",
                    "/broadcastX", "/connectionsX", "/connectionsXYZ/c-1"}) {
                HttpResponse<String> r = call(ws, "POST", path, "", TOKEN);
                assertThat(r.statusCode()).as(path).isEqualTo(404);
                assertThat(json(r).path("error").asText()).as(path).startsWith("no such endpoint: POST " + path);
            }
            HttpResponse<String> wrongMethod = call(ws, "GET", "/connections/" + idA + "/send", null, TOKEN);
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
            assertThat(call(ws, "POST", "/connections", "", TOKEN).statusCode()).isEqualTo(405);
            assertThat(call(ws, "GET", "/broadcast", null, TOKEN).statusCode()).isEqualTo(405);
            assertThat(a.messages()).hasSize(2);
            a.close();
            b.close();
        }
    }

    @Test
    void broadcastAnswersHowManyConnectionsItReached() throws Exception {
        try (var ws = new WebSocketHarness(dir, ADMIN)) {
            assertThat(json(call(ws, "POST", "/broadcast", "nobody", TOKEN))).isEqualTo(JSON.readTree("{\"reached\":0}"));
            List<WsTestClient> clients = List.of(WsTestClient.connect(ws.url("/")), WsTestClient.connect(ws.url("/x")),
                    WsTestClient.connect(ws.url("/y?session_id=s")));
            await().atMost(Duration.ofSeconds(5)).until(() -> ws.connectionCount() == 3);

            HttpResponse<String> r = call(ws, "POST", "/broadcast", "héllo everyone", TOKEN);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r)).isEqualTo(JSON.readTree("{\"reached\":3}"));
            for (WsTestClient c : clients) {
                assertThat(c.awaitMessages(1)).containsExactly("héllo everyone");
                c.close();
            }
        }
    }

    @Test
    void closeDeliversTheCodeAndReasonToTheClient() throws Exception {
        try (var ws = new WebSocketHarness(dir, "path: /{session_id}\n" + ADMIN)) {
            WsTestClient a = WsTestClient.connect(ws.url("/a"));
            WsTestClient b = WsTestClient.connect(ws.url("/b"));
            String idA = idOfSession(ws, "a");
            String idB = idOfSession(ws, "b");

            HttpResponse<String> bad = call(ws, "POST", "/connections/" + idA + "/close", "{\"code\":1006}", TOKEN);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(json(bad).path("error").asText()).contains("close code must be");
            assertThat(call(ws, "POST", "/connections/" + idA + "/close", "not json", TOKEN).statusCode()).isEqualTo(400);
            assertThat(call(ws, "POST", "/connections/" + idA + "/close", "{\"code\":\"x\"}", TOKEN).statusCode()).isEqualTo(400);

            HttpResponse<String> r = call(ws, "POST", "/connections/" + idA + "/close", "{\"code\":4000,\"reason\":\"maintenance\"}", TOKEN);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r)).isEqualTo(JSON.readTree("{\"id\":\"" + idA + "\",\"code\":4000,\"reason\":\"maintenance\"}"));
            assertThat(a.awaitClose()).isEqualTo(4000);
            assertThat(a.closeReason()).isEqualTo("maintenance");
            await().atMost(Duration.ofSeconds(5)).until(() -> ws.connectionCount() == 1);
            assertThat(call(ws, "POST", "/connections/" + idA + "/close", "", TOKEN).statusCode()).isEqualTo(404);
            assertThat(ws.awaitEvents(3)).anySatisfy(e -> {
                assertThat(e.path("event").asText()).isEqualTo("disconnected");
                assertThat(e.path("connection_id").asText()).isEqualTo(idA);
                assertThat(e.path("code").asInt()).isEqualTo(4000);
                assertThat(e.path("reason").asText()).isEqualTo("maintenance");
            });

            assertThat(call(ws, "POST", "/connections/" + idB + "/close", "", TOKEN).statusCode()).isEqualTo(200);
            assertThat(b.awaitClose()).isEqualTo(1000);
            assertThat(b.closeReason()).isEqualTo("closed by admin");
            assertThat(ws.get("/metrics").body()).contains("websocket_closed_by_server_total{component=\"ws\",reason=\"requested\"} 2.0");
        }
    }

    @Test
    void aMessageLargerThanMaxPendingBytesIsRefusedWith413() throws Exception {
        try (var ws = new WebSocketHarness(dir, "max_pending_bytes: 1KiB\n" + ADMIN)) {
            WsTestClient a = WsTestClient.connect(ws.url("/"));
            ws.awaitConnections(1);
            HttpResponse<String> r = call(ws, "POST", "/broadcast", "x".repeat(1025), TOKEN);
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(json(r).path("error").asText()).contains("max_pending_bytes (1024 bytes)");
            assertThat(call(ws, "POST", "/broadcast", "small", TOKEN).statusCode()).isEqualTo(200);
            assertThat(a.awaitMessages(1)).containsExactly("small");
            a.close();
        }
    }

    @Test
    void theAdminApiIsOffByDefault() throws Exception {
        try (var ws = new WebSocketHarness(dir, "path: /ws")) {
            assertThat(call(ws, "GET", "/connections", null, TOKEN).statusCode()).isEqualTo(404);
            assertThat(call(ws, "POST", "/broadcast", "x", TOKEN).statusCode()).isEqualTo(405);
            assertThat(ws.get("/health").statusCode()).isEqualTo(200);
        }
    }

    private static String onlyConnectionId(WebSocketHarness ws) {
        await().atMost(Duration.ofSeconds(5)).until(() -> ws.connectionCount() == 1);
        return ws.component().connections().get(0).id();
    }

    private static String idOfSession(WebSocketHarness ws, String session) {
        await().atMost(Duration.ofSeconds(5)).until(() -> ws.component().connections().stream().anyMatch(c -> session.equals(c.sessionId())));
        return ws.component().connections().stream().filter(c -> session.equals(c.sessionId())).findFirst().orElseThrow().id();
    }

    private static HttpRequest.Builder request(WebSocketHarness ws, String method, String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ws.httpPort + path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    }

    static HttpResponse<String> call(WebSocketHarness ws, String method, String path, String body, String token) {
        HttpRequest.Builder b = request(ws, method, path, body);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    @Test
    void aSlowAdminUploadDoesNotHoldUpTheHealthProbe() throws Exception {
        try (var ws = new WebSocketHarness(dir, ADMIN + "\nheartbeat_interval: 0");
                Socket slow = new Socket("127.0.0.1", ws.httpPort)) {
            // headers promise a body that never comes: the handler reading it waits on its thread
            slow.getOutputStream().write(("POST /broadcast HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Length: 100000\r\n\r\npartial").getBytes(StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();
            HttpResponse<String> health = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ws.httpPort + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).get(5, TimeUnit.SECONDS);
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }
}
