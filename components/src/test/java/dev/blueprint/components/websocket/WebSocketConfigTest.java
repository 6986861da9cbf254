package dev.blueprint.components.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.runtime.validate.Problem;
import dev.blueprint.testing.TestPipeline;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSocketConfigTest {
    private static List<String> problems(String config) {
        String yaml = """
                system:
                  name: t
                  components:
                    - name: ws
                      type: WebSocket
                      config:
                %s
                """.formatted(config.indent(8).stripTrailing());
        return TestPipeline.problems(yaml).stream().map(Problem::toString).toList();
    }

    @Test
    void aBareWebSocketIsValidWithTheDocumentedDefaults() {
        WebSocketConfig c = new WebSocketConfig(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.httpPort()).isNull();
        assertThat(c.handshakeTimeout()).hasSeconds(10);
        assertThat(c.maxHeaderSize().bytes()).isEqualTo(8 * 1024);
        assertThat(c.maxConnections()).isEqualTo(100);
        assertThat(c.heartbeatInterval()).hasSeconds(30);
        assertThat(c.heartbeatTimeout()).hasSeconds(30);
        assertThat(c.maxMessageSize().bytes()).isEqualTo(1024 * 1024);
        assertThat(c.maxPendingBytes().bytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(c.slowConsumer()).isEqualTo(WebSocketConfig.SlowConsumer.DISCONNECT);
        assertThat(c.targetField()).isEqualTo("session_id");
        assertThat(c.idleTimeout()).isZero();
        assertThat(c.compression()).isFalse();
        assertThat(problems("{}")).isEmpty();
    }

    @Test
    void theHttpEndpointsAreOnTheWebSocketPortUnlessHttpPortAddsAnother() {
        assertThat(problems("port: 0")).isEmpty();
        assertThat(problems("port: 65535")).isEmpty();
        WebSocketConfig c = new WebSocketConfig(null, 0, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        assertThat(c.httpEnabled()).isTrue();
        assertThat(c.extraHttpPort()).isNull();
        WebSocketConfig extra = new WebSocketConfig(null, 0, null, null, null, null, null, null, null, null, null, null, null,
                null, null, 9091, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        assertThat(extra.extraHttpPort()).isEqualTo(9091);
    }

    @Test
    void channelsAreOffUntilAChannelSettingTurnsThemOnSoRecordsWithAChannelFieldOfTheirOwnStillGoToEveryone() {
        assertThat(config(null, null).channels()).isFalse();
        assertThat(config("/ws/{channel}", null).channels()).isTrue();
        assertThat(config(null, new HistoryConfig(null, null)).channels()).isTrue();
        assertThat(problems("{channel_field: '', envelope: true}")).singleElement().asString()
                .contains("channel_field is \"\" (channels off)");
        assertThat(problems("{history: {size: 0}}")).singleElement().asString().contains("size must be 1..1000000");
    }

    private static WebSocketConfig config(String path, HistoryConfig history) {
        return new WebSocketConfig(null, null, path, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, history, null, null);
    }

    @Test
    void rejectsOutOfRangeValuesNamingTheKey() {
        assertThat(problems("port: 70000")).singleElement().asString().contains("ws.config.port must be 0..65535, was 70000");
        assertThat(problems("max_connections: 0")).singleElement().asString().contains("max_connections must be 1..");
        assertThat(problems("port: 9000\nhttp_port: 9000")).singleElement().asString().contains("http_port is port (9000)");
        assertThat(problems("handshake_timeout: 0")).singleElement().asString().contains("handshake_timeout must be positive");
        assertThat(problems("max_header_size: 10")).singleElement().asString().contains("max_header_size must be 256B..1MiB");
        assertThat(problems("path: ws")).singleElement().asString().contains("path must start with '/'");
        assertThat(problems("path: /a/{b")).singleElement().asString().contains("a whole {name}");
        assertThat(problems("slow_consumer: wait")).singleElement().asString().contains("slow_consumer");
        assertThat(problems("heartbeat_interval: 1s\nheartbeat_timeout: 0")).singleElement().asString().contains("heartbeat_timeout must be positive");
        assertThat(problems("auth: {mode: tokens}")).singleElement().asString().contains("ws.config.auth.tokens must list at least one token");
        assertThat(problems("auth: {mode: jwt}")).singleElement().asString().contains("ws.config.auth.secret is required");
        assertThat(problems("tls: {keystore: /nonexistent/server.p12}")).singleElement().asString().contains("ws.config.tls.keystore: no such file: /nonexistent/server.p12");
        assertThat(problems("cluster: {redis_url: \"http://localhost:6379\"}")).singleElement().asString()
                .contains("ws.config.cluster.redis_url must be a redis:// or rediss:// URL", "was 'http://localhost:6379'");
        assertThat(problems("cluster: {channel: \"\"}")).singleElement().asString().contains("ws.config.cluster.channel must not be empty");
        assertThat(problems("target_from: body")).singleElement().asString().contains("target_from");
    }

    @Test
    void readsTheSeedBindingStreamNameOutputAsTheSendersOutput() {
        String yaml = """
                system:
                  name: realtime_dashboard
                  components:
                    - name: metrics_source
                      type: Source
                    - name: websocket_server
                      type: WebSocket
                    - name: broadcast_log
                      type: Sink
                  bindings:
                    - from_component: metrics_source
                      to_component: websocket_server
                      stream_name: input
                    - from_component: websocket_server
                      to_component: broadcast_log
                      stream_name: output
                """;
        assertThat(TestPipeline.load(yaml).bindings()).extracting(b -> b.label())
                .containsExactly("metrics_source.output -> websocket_server.input", "websocket_server.output -> broadcast_log.input");
    }

    @Test
    void aBadWebSocketConfigInTheSeedLayoutIsTheOnlyErrorReported() {
        List<String> problems = TestPipeline.problems("""
                system:
                  name: realtime_dashboard
                  components:
                    - name: websocket_server
                      type: WebSocket
                      config: {port: 70000}
                    - name: broadcast_log
                      type: Sink
                  bindings:
                    - from_component: websocket_server
                      to_component: broadcast_log
                      stream_name: output
                """).stream().filter(Problem::error).map(Problem::format).toList();
        assertThat(problems).singleElement().asString().contains("port must be 0..65535, was 70000");
    }

    @Test
    void anUnknownKeyInANestedBlockIsNamedWithItsPath() {
        assertThat(problems("admin: {enabled: true, token: abcdefghijklmnopqrstu, tokn: 1}")).singleElement().asString()
                .contains("unknown config key 'admin.tokn' for WebSocket 'ws' — did you mean 'token'? Allowed keys: enabled, token");
    }

    @Test
    void pathTemplatesCaptureParameters() {
        PathTemplate t = PathTemplate.parse("/{agent_id}/ws/{session_id}");
        assertThat(t.match("/a1/ws/s%201")).hasValueSatisfying(m -> assertThat(m).containsEntry("agent_id", "a1").containsEntry("session_id", "s 1"));
        assertThat(t.match("/a1/xx/s1")).isEmpty();
        assertThat(t.match("/a1/ws")).isEmpty();
        assertThat(PathTemplate.ANY.match("/anything/at/all")).hasValue(java.util.Map.of());
        assertThat(t.example()).isEqualTo("/agent-id-1/ws/session-id-1");
    }
}
