package dev.blueprint.components.redis;

import static dev.blueprint.components.Runs.lines;
import static dev.blueprint.components.Runs.yamlPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.api.PipelineMetrics.ComponentStats;
import dev.blueprint.components.testkit.RedisTestServer;
import dev.blueprint.components.testkit.TestRedis;
import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.testing.TestPipeline;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis restarted mid-stream, on a server of the test's own: records produced while it is down wait in
 * the pipeline and all arrive once it is back; the stream source reads each entry once; subscribers
 * subscribe again; readiness (and the WebSocket /ready) says not ready meanwhile.
 */
@Timeout(120)
class RedisOutageTest {
    /** At 100 a second, 20 s of records: enough that the outage begins while the generator still runs on a loaded machine. */
    private static final int RECORDS = 2000;

    @TempDir
    Path dir;

    @Test
    void recordsProducedWhileRedisIsDownArriveOnceItIsBack() throws Exception {
        Files.createDirectories(dir.resolve("redis"));
        try (RedisTestServer server = new RedisTestServer(dir.resolve("redis"));
                TestRedis redis = TestRedis.at(server.url(), "outage")) {
            Path out = dir.resolve("out.jsonl");
            Path live = dir.resolve("live.jsonl");
            Pipeline p = TestPipeline.start("""
                    system:
                      name: redis_outage
                      shutdown_grace_period: 10
                      components:
                        - {name: gen, type: Source, config: {rate: 100, count: %d, template: {n: "{{seq}}"}}}
                        - {name: to_redis, type: Sink, config: {variant: redis, url: "%s", stream: "%s"}}
                        - {name: from_redis, type: Source, config: {variant: redis, url: "%s", mode: stream, stream: "%s", group: g}}
                        - {name: out, type: Sink, config: {variant: file, path: %s}}
                        - {name: live_in, type: Source, config: {variant: redis, url: "%s", channels: ["%s"]}}
                        - {name: live, type: Sink, config: {variant: file, path: %s}}
                        - {name: ws, type: WebSocket, config: {host: 127.0.0.1, port: 0, http_port: -1}}
                      bindings:
                        - {from: gen.output, to: to_redis.input, capacity: 16}
                        - {from: from_redis.output, to: out.input}
                        - {from: live_in.output, to: live.input}
                    """.formatted(RECORDS, server.url(), redis.key("s"), server.url(), redis.key("s"), yamlPath(out),
                    server.url(), redis.key("live"), yamlPath(live)));
            int httpPort = p.listeningPorts().get("ws").get("http_port");
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> lines(out).size() >= 50);
                assertThat(p.readiness().notReady()).isEmpty();
                assertThat(get(httpPort, "/ready").statusCode()).isEqualTo(200);
                String up = "redis_link_up{component=\"live_in\",url=\"" + server.url() + "\"} ";
                assertThat(p.meters().scrape()).contains(up + "1.0");

                server.stop();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(p.readiness().notReady())
                        .contains("to_redis: redis " + server.url(), "from_redis: redis " + server.url(), "live_in: redis " + server.url()));
                HttpResponse<String> ready = get(httpPort, "/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).startsWith("{\"status\":\"not_ready\",\"not_ready\":[").contains("to_redis: redis " + server.url());
                assertThat(get(httpPort, "/health").body()).contains("\"not_ready\":[");
                assertThat(p.meters().scrape()).contains(up + "0.0");
                long producedWhenDown = stats(p, "gen").recordsOut();
                // the generator keeps going until the sink's window and queue are full, then waits
                await().atMost(Duration.ofSeconds(20)).until(() -> stats(p, "gen").recordsOut() > producedWhenDown + 50);
                int arrivedWhileDown = lines(out).size();

                server.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> Set.copyOf(ns(out)).size() == RECORDS);
                // nothing lost: every record produced, before, during and after the outage, is in the stream
                assertThat(Set.copyOf(ns(out))).isEqualTo(Set.copyOf(IntStream.rangeClosed(1, RECORDS).boxed().toList()));
                assertThat(arrivedWhileDown).isLessThan(RECORDS);
                // the stream is read exactly once per entry; an XADD whose reply died with the server is sent
                // again after the reconnection (at-least-once), so an entry may be there twice, at most the
                // sink's window of commands in flight (256)
                await().atMost(Duration.ofSeconds(10)).until(() -> lines(out).size() == redis.sync().xlen(redis.key("s")));
                assertThat(lines(out).stream().map(r -> r.get("id").asText())).doesNotHaveDuplicates();
                assertThat(lines(out).size() - RECORDS).isBetween(0, 256);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(p.readiness().notReady()).isEmpty());
                assertThat(get(httpPort, "/ready").statusCode()).isEqualTo(200);
                assertThat(p.meters().scrape()).contains(up + "1.0")
                        .containsPattern("redis_link_connects_total\\{component=\"live_in\",url=\"[^\"]+\"} [2-9]")
                        // the connector names every connector has; the redis_link ones stay for one release
                        .containsPattern("connector_up\\{broker=\"[^\"]+\",component=\"live_in\"} 1.0")
                        .containsPattern("connector_outages_total\\{broker=\"[^\"]+\",component=\"to_redis\"} [1-9]");

                // the pub/sub source subscribed again: what is published now arrives
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    redis.sync().publish(redis.key("live"), "{\"after\":\"restart\"}");
                    return !lines(live).isEmpty();
                });
                JsonNode first = lines(live).get(0);
                assertThat(first.get("data").get("after").asText()).isEqualTo("restart");
            } finally {
                p.stop();
                assertThat(p.awaitCompletion().failure()).isNull();
            }
        }
    }

    private static List<Integer> ns(Path file) {
        return lines(file).stream().map(r -> r.get("data").get("n").asInt()).toList();
    }

    private static ComponentStats stats(Pipeline p, String name) {
        return p.metrics().components().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
