package dev.blueprint.components.websocket;

import static dev.blueprint.components.Runs.lines;
import static dev.blueprint.components.Runs.yamlPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blueprint.components.testkit.TestRedis;
import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.testing.TestPipeline;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two WebSocket instances of one blueprint (two pipelines in this JVM) sharing broadcasts through the real
 * Redis: B's input reaches A's clients, a session-targeted record reaches its session on the other
 * instance, and nobody gets a record twice.
 */
@Timeout(60)
class WebSocketClusterTest {
    @TempDir
    Path dir;

    private final TestRedis redis = TestRedis.shared("ws-cluster");
    private final List<Pipeline> pipelines = new ArrayList<>();
    private final List<WsTestClient> clients = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        clients.forEach(WsTestClient::close);
        for (Pipeline p : pipelines) {
            p.stop();
            assertThat(p.awaitCompletion().failure()).isNull();
        }
        redis.close();
    }

    private int instance(String name, boolean fed) throws Exception {
        String feed = fed ? """
                    - {name: feed, type: Source, config: {variant: redis, url: "%s", channels: ["%s"], patterns: ["%s"]}}
                    - {name: reports, type: Sink, config: {variant: file, path: %s}}
                """.formatted(redis.url(), redis.key("all"), redis.key("to:{session_id}"), yamlPath(dir.resolve(name + "-reports.jsonl")))
                : "";
        String bindings = fed ? """
                  bindings:
                    - {from: feed.output, to: ws.input}
                    - {from: ws.output, to: reports.input}
                """ : "";
        Pipeline p = TestPipeline.start("""
                system:
                  name: cluster_test
                  shutdown_grace_period: 5
                  components:
                    - name: ws
                      type: WebSocket
                      config:
                        host: 127.0.0.1
                        port: 0
                        http_port: 0
                        path: "/{agent_id}/ws/{session_id}"
                        payload_field: data
                        target_from: record
                        cluster: {redis_url: "%s", channel: "%s"}
                %s%s""".formatted(redis.url(), redis.key("bus"), feed.indent(0), bindings));
        pipelines.add(p);
        return p.listeningPorts().get("ws").get("port");
    }

    private WsTestClient client(int port, String session) {
        WsTestClient c = WsTestClient.connect("ws://127.0.0.1:" + port + "/agent/ws/" + session);
        clients.add(c);
        return c;
    }

    private static void awaitConnections(Pipeline p, int n) {
        WebSocketHarness.awaitConnections(p.component("ws", WebSocketComponent.class).orElseThrow(), n);
    }

    @Test
    void broadcastsAndSessionTargetsCrossInstancesOnceEach() throws Exception {
        int a = instance("a", false);
        int b = instance("b", true);
        WsTestClient a1 = client(a, "s1");
        WsTestClient a2 = client(a, "s2");
        WsTestClient b1 = client(b, "s3");
        // a client's handshake may end before the server counts it in, and a broadcast only reaches those counted
        awaitConnections(pipelines.get(0), 2);
        awaitConnections(pipelines.get(1), 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.sync().pubsubNumsub(redis.key("bus")).get(redis.key("bus")) == 2);

        redis.sync().publish(redis.key("all"), "{\"n\":1}");
        redis.sync().publish(redis.key("to:s1"), "{\"n\":2}");
        redis.sync().publish(redis.key("to:s3"), "{\"n\":3}");
        redis.sync().publish(redis.key("all"), "{\"n\":4}");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(a1.messages()).contains("{\"n\":4}");
            assertThat(a2.messages()).contains("{\"n\":4}");
            assertThat(b1.messages()).contains("{\"n\":4}");
        });
        assertThat(a1.messages()).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":4}");
        assertThat(a2.messages()).containsExactly("{\"n\":1}", "{\"n\":4}");
        assertThat(b1.messages()).containsExactly("{\"n\":1}", "{\"n\":3}", "{\"n\":4}");
        // B's delivery reports count B's own clients
        await().atMost(Duration.ofSeconds(5)).until(() -> lines(dir.resolve("b-reports.jsonl")).size() == 4);
        assertThat(lines(dir.resolve("b-reports.jsonl"))).extracting(r -> r.get("broadcast_to").asInt()).containsExactly(1, 0, 1, 1);
    }
}
