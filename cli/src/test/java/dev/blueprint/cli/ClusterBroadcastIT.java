package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blueprint.components.testkit.TestRedis;
import dev.blueprint.components.websocket.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two Blueprint processes running blueprints/cluster-broadcast.yaml on different ports behind the real
 * Redis: what one instance broadcasts reaches the other's clients, a session-targeted record crosses to the
 * instance holding the session, and every client gets every record once.
 */
class ClusterBroadcastIT {

    private static void post(int port, String json) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/publish"))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(202);
    }

    private static CliRunner.Running instance(String channel) {
        CliRunner.Running run = CliRunner.start(Map.of("HOST", "127.0.0.1", "PORT", "0", "INGEST_PORT", "0",
                "REDIS_URL", TestRedis.sharedUrl(), "CLUSTER_CHANNEL", channel, "SHUTDOWN_GRACE_PERIOD_SECS", "5"),
                "run", CliRunner.blueprint("cluster-broadcast.yaml").toString());
        run.ready();
        return run;
    }

    @Test
    void twoInstancesBehindOneRedisBroadcastAsOne() throws Exception {
        String channel = "bp-test:cluster-it:" + UUID.randomUUID();
        try (CliRunner.Running a = instance(channel); CliRunner.Running b = instance(channel)) {
            WsTestClient a1 = WsTestClient.connect("ws://127.0.0.1:" + a.port("websocket") + "/ws?session_id=s1");
            WsTestClient a2 = WsTestClient.connect("ws://127.0.0.1:" + a.port("websocket") + "/ws");
            WsTestClient b1 = WsTestClient.connect("ws://127.0.0.1:" + b.port("websocket") + "/ws?session_id=s2");
            a.awaitConnections("websocket", 2);
            b.awaitConnections("websocket", 1);

            post(b.port("ingest"), "{\"n\":1,\"msg\":\"to everyone\"}");
            post(b.port("ingest"), "{\"n\":2,\"session_id\":\"s1\"}");
            post(a.port("ingest"), "{\"n\":3,\"session_id\":\"s2\"}");
            // a record crossing instances arrives a Redis round trip later than one delivered locally: nothing
            // orders records published on different instances, so wait for n=3 before B publishes n=4
            await().atMost(Duration.ofSeconds(10)).until(() -> b1.messages().contains("{\"n\":3,\"session_id\":\"s2\"}"));
            post(b.port("ingest"), "{\"n\":4}");

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(a1.messages()).contains("{\"n\":4}");
                assertThat(a2.messages()).contains("{\"n\":4}");
                assertThat(b1.messages()).contains("{\"n\":4}");
            });
            assertThat(a1.messages()).containsExactly("{\"n\":1,\"msg\":\"to everyone\"}", "{\"n\":2,\"session_id\":\"s1\"}", "{\"n\":4}");
            assertThat(a2.messages()).containsExactly("{\"n\":1,\"msg\":\"to everyone\"}", "{\"n\":4}");
            assertThat(b1.messages()).containsExactly("{\"n\":1,\"msg\":\"to everyone\"}", "{\"n\":3,\"session_id\":\"s2\"}", "{\"n\":4}");

            // each instance reports its own clients: B's b1 for n=1 and n=4, nobody local for s1
            await().atMost(Duration.ofSeconds(5)).until(() -> b.stdout().lines().count() == 3);
            assertThat(b.stdout().lines().map(l -> l.replaceAll(",\"timestamp\":.*", "")).toList()).containsExactly(
                    "{\"broadcast_to\":1,\"disconnected\":0,\"dropped\":0,\"message\":{\"n\":1,\"msg\":\"to everyone\"}",
                    "{\"broadcast_to\":0,\"disconnected\":0,\"dropped\":0,\"message\":{\"n\":2,\"session_id\":\"s1\"}",
                    "{\"broadcast_to\":1,\"disconnected\":0,\"dropped\":0,\"message\":{\"n\":4}");

            a.signal("TERM");
            b.signal("TERM");
            assertThat(a.await(Duration.ofSeconds(30)).exitCode()).isZero();
            CliRunner.Result rb = b.await(Duration.ofSeconds(30));
            assertThat(rb.exitCode()).as(rb.toString()).isZero();
            CliRunner.assertThatLog(rb).contains("cluster: published 3 broadcasts (0 failed), delivered 1 from other instances");
        }
    }
}
