package dev.blueprint.components.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.blueprint.runtime.validate.Problem;
import dev.blueprint.testing.TestPipeline;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connection operations as the Java API an embedding application uses, and the admin config checks. */
class WebSocketConnectionApiTest {
    @TempDir
    Path dir;

    @Test
    void listsSendsBroadcastsAndClosesThroughTheJavaApi() throws Exception {
        try (var harness = new WebSocketHarness(dir, "path: /{session_id}")) {
            WebSocketComponent ws = harness.component();
            assertThat(ws.connections()).isEmpty();
            assertThat(ws.broadcast("nobody")).isZero();
            WsTestClient a = WsTestClient.connect(harness.url("/a"));
            WsTestClient b = WsTestClient.connect(harness.url("/b"));
            await().atMost(Duration.ofSeconds(5)).until(() -> ws.connectionCount() == 2);

            List<ConnectionInfo> list = ws.connections();
            assertThat(list).extracting(ConnectionInfo::sessionId).containsExactly("a", "b");
            ConnectionInfo infoA = list.get(0);
            assertThat(infoA.pathParams()).isEqualTo(Map.of("session_id", "a"));
            assertThat(infoA.remote()).startsWith("127.0.0.1:");
            assertThat(infoA.connectedSince()).isNotNull();
            assertThatThrownBy(() -> infoA.pathParams().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> list.add(infoA)).isInstanceOf(UnsupportedOperationException.class);

            assertThat(ws.send(infoA.id(), "for a")).isTrue();
            assertThat(ws.send("c-999", "for nobody")).isFalse();
            assertThat(ws.broadcast("for all")).isEqualTo(2);
            assertThat(a.awaitMessages(2)).containsExactly("for a", "for all");
            assertThat(b.awaitMessages(1)).containsExactly("for all");
            assertThat(ws.connection(infoA.id())).hasValueSatisfying(c -> assertThat(c.messagesOut()).isEqualTo(2));
            assertThat(ws.connection(list.get(1).id())).hasValueSatisfying(c -> assertThat(c.messagesOut()).isEqualTo(1));

            b.send("from b"); // relayed to both through the pipeline: counted in and out like admin sends
            a.awaitMessages(3);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(ws.connection(list.get(1).id()).orElseThrow().messagesIn()).isEqualTo(1);
                assertThat(ws.connection(list.get(1).id()).orElseThrow().messagesOut()).isEqualTo(2);
                assertThat(ws.connection(infoA.id()).orElseThrow().messagesIn()).isZero();
            });

            assertThatThrownBy(() -> ws.close(infoA.id(), 1005, "")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("close code must be");
            assertThatThrownBy(() -> ws.close(infoA.id(), 4000, "x".repeat(124))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at most 123 bytes");
            assertThat(ws.close(infoA.id())).isTrue();
            assertThat(a.awaitClose()).isEqualTo(1000);
            assertThat(a.closeReason()).isEqualTo("closed by server");
            assertThat(ws.close(list.get(1).id(), 4001, "bye now")).isTrue();
            assertThat(b.awaitClose()).isEqualTo(4001);
            assertThat(b.closeReason()).isEqualTo("bye now");
            await().atMost(Duration.ofSeconds(5)).until(() -> ws.connectionCount() == 0);
            assertThat(ws.connections()).isEmpty();
            assertThat(ws.close(infoA.id())).isFalse();
            assertThat(ws.send(infoA.id(), "gone")).isFalse();
        }
    }

    @Test
    void enablingTheAdminApiWithoutATokenIsAValidationErrorAtTheAdminKey() {
        List<Problem> problems = TestPipeline.problems(yaml("admin: {enabled: true}"));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.error()).isTrue();
            assertThat(p.format()).startsWith("test.yaml:8:16: error: ws.config.admin.token is required when admin.enabled is true");
        });
        assertThat(TestPipeline.problems(yaml("admin: {enabled: true, token: \"\"}"))).singleElement().asString()
                .contains("admin.token is required");
        assertThat(TestPipeline.problems(yaml("http_port: 0\nadmin: {enabled: true, token: a-long-enough-token-123}")))
                .singleElement().asString().contains("ws.config.admin is an HTTP endpoint, and http_port: 0 turns them off");
        assertThat(TestPipeline.problems(yaml("admin: {enabled: true, token: a-long-enough-token-123}"))).isEmpty();
        assertThat(TestPipeline.problems(yaml("admin: {enabled: false}"))).isEmpty();
    }

    @Test
    void aShortTokenOrATokenWithoutEnabledIsWarnedAbout() {
        assertThat(TestPipeline.problems(yaml("admin: {enabled: true, token: short}"))).singleElement().satisfies(p -> {
            assertThat(p.error()).isFalse();
            assertThat(p.message()).isEqualTo("ws.config.admin.token: is only 5 characters long: use at least 16 random ones (e.g. openssl rand -hex 24)");
        });
        assertThat(TestPipeline.problems(yaml("admin: {enabled: true, token: \"$${ADMIN_TOKEN_FOR_THE_WEBSOCKET}\"}")))
                .singleElement().satisfies(p -> {
                    assertThat(p.error()).isFalse();
                    assertThat(p.message()).contains("admin.token: contains '${': an environment variable that was not expanded?");
                });
        assertThat(TestPipeline.problems(yaml("admin: {token: a-long-enough-token-123}"))).singleElement().satisfies(p -> {
            assertThat(p.error()).isFalse();
            assertThat(p.message()).contains("the admin API is off");
        });
    }

    private static String yaml(String config) {
        return """
                system:
                  name: t
                  components:
                    - name: ws
                      type: WebSocket
                      config:
                        port: 0
                %s
                """.formatted(config.indent(8).stripTrailing());
    }
}
