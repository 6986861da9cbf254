package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blueprint.components.testkit.TestRedis;
import dev.blueprint.components.websocket.RawWebSocket;
import dev.blueprint.components.websocket.WsTestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * blueprints/wsproxy.yaml (seed 003) through the real CLI, with the real Redis and real WebSocket clients.
 * Session ids are fresh UUIDs, so the channels session:<id>:down/up are this test's own.
 */
class WsproxyIT {

    @Test
    void sessionsExchangeMessagesWithRedisChannelsAndShutDownGracefully() throws Exception {
        String s1 = UUID.randomUUID().toString();
        String s2 = UUID.randomUUID().toString();
        Map<String, String> env = Map.of("HOST", "127.0.0.1", "PORT", "0", "REDIS_URL", TestRedis.sharedUrl(),
                "WS_PING_INTERVAL_SECS", "1", "WS_PING_TIMEOUT_SECS", "1", "SHUTDOWN_GRACE_PERIOD_SECS", "5");
        try (TestRedis redis = TestRedis.shared("wsproxy");
                CliRunner.Running run = CliRunner.start(env, "run", CliRunner.blueprint("wsproxy.yaml").toString())) {
            List<String[]> up = redis.psubscribe("session:" + s1 + ":up");
            int ws = run.webSocketPort();
            int http = run.httpPort();
            // ready: its Redis subscriber and publisher are connected, and the subscription is made
            await().atMost(Duration.ofSeconds(10)).until(() -> CliRunner.httpGet(http, "/ready").statusCode() == 200);
            run.awaitStderr("subscribed on");
            assertThat(http).as("seed 003: /health and /ready on PORT itself").isEqualTo(ws);

            WsTestClient c1 = WsTestClient.connect("ws://127.0.0.1:" + ws + "/agent1/ws/" + s1);
            WsTestClient c2 = WsTestClient.connect("ws://127.0.0.1:" + ws + "/agent1/ws/" + s2);
            run.awaitStderr("\"session_id\":\"" + s2 + "\"");
            // both counted in (a handshake may end before the server registers the client)
            await().atMost(Duration.ofSeconds(10)).until(() -> CliRunner.httpGet(http, "/health").body().contains("\"connections\":2,"));

            // Redis -> the session's client, exactly as published
            String hello = "{\"type\": \"data\", \"payload\": \"Hello from Redis!\"}";
            // at least this run's subscription: another wsproxy on the same Redis (a parallel build) counts too
            assertThat(redis.sync().publish("session:" + s1 + ":down", hello)).isPositive();
            assertThat(c1.awaitMessages(1)).containsExactly(hello); // spacing and all: parse_json: false
            redis.sync().publish("session:" + s2 + ":down", "plain text for s2");
            assertThat(c2.awaitMessages(1)).containsExactly("plain text for s2");
            assertThat(c1.messages()).hasSize(1);

            // the client -> session:<id>:up, as sent
            c1.send("{\"type\":\"query\",\"session_id\":\"" + s1 + "\",\"query\":\"What is the capital of France?\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> up.size() == 1);
            assertThat(up.get(0)[0]).isEqualTo("session:" + s1 + ":up");
            assertThat(up.get(0)[1]).isEqualTo("{\"type\":\"query\",\"session_id\":\"" + s1 + "\",\"query\":\"What is the capital of France?\"}");
            c1.send("42 apples").send("1.0");
            await().atMost(Duration.ofSeconds(10)).until(() -> up.size() == 3);
            assertThat(up.subList(1, 3)).extracting(m -> m[1]).containsExactly("42 apples", "1.0");

            // health, readiness and the heartbeat: a client that never answers pings is closed, the others stay
            assertThat(CliRunner.httpGet(http, "/health").body()).startsWith("{\"status\":\"healthy\",\"connections\":2,");
            assertThat(CliRunner.httpGet(http, "/ready").body()).isEqualTo("{\"status\":\"ready\"}");
            try (RawWebSocket silent = RawWebSocket.open(ws, "/agent1/ws/" + UUID.randomUUID())) {
                run.awaitStderr("\"reason\":\"heartbeat timeout\"");
                assertThat(silent.serverClosed()).isTrue();
            }
            assertThat(c1.isClosed()).isFalse();

            run.signal("TERM");
            assertThat(c1.awaitClose()).isEqualTo(1001);
            assertThat(c2.awaitClose()).isEqualTo(1001);
            CliRunner.Result result = run.await(Duration.ofSeconds(30));
            assertThat(result.exitCode()).as(result.toString()).isZero();
        }
    }
}
