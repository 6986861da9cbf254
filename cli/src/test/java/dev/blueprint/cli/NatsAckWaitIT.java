package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.blueprint.components.testkit.SharedBrokers;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ack_wait} on the JetStream source is how long messages in flight when the process died wait before they
 * come again: with JetStream's default they came 30 s after a {@code kill -9}; with {@code ack_wait: 2s} they come
 * within it of the restart.
 */
@Timeout(120)
class NatsAckWaitIT {
    private static final int MESSAGES = 20;
    private static final Duration ACK_WAIT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private String blueprint(String url, String subject, String stream, String sink) {
        return """
                system:
                  name: ack_wait
                  components:
                    - {name: consume, type: Source, config: {variant: nats, url: "%s", subject: "%s", stream: %s, durable: %s_d,
                        ack_wait: %dms}}
                    - %s
                  bindings:
                    - {from: consume, to: out}
                """.formatted(url, subject, stream, stream, ACK_WAIT.toMillis(), sink);
    }

    @Test
    void messagesInFlightWhenTheProcessIsKilledComeAgainWithinAckWaitOfTheRestart() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String stream = "BPACK_" + id;
        String subject = "bpack." + id;
        String url = SharedBrokers.nats().url();
        // a receiver that takes every POST and never answers: what the first run fetched stays unacknowledged
        AtomicInteger posts = new AtomicInteger();
        CountDownLatch end = new CountDownLatch(1);
        HttpServer hanging = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService threads = Executors.newCachedThreadPool();
        hanging.setExecutor(threads);
        hanging.createContext("/", exchange -> {
            posts.incrementAndGet();
            try {
                end.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        hanging.start();
        Path out = dir.resolve("out.jsonl");
        try (Connection nats = Nats.connect(url)) {
            Path first = CliRunner.write(dir, "first.yaml", blueprint(url, subject, stream, "{name: out, type: Sink, config: {variant: http, url: "
                    + "\"http://127.0.0.1:" + hanging.getAddress().getPort() + "/\", timeout: 60s}}"));
            CliRunner.Running run = CliRunner.start(Map.of(), "run", first.toString());
            try {
                int ops = run.opsPort();
                await("the first run is ready").atMost(Duration.ofSeconds(30)).until(() -> CliRunner.httpGet(ops, "/ready").statusCode() == 200);
                JetStream js = nats.jetStream();
                for (int n = 1; n <= MESSAGES; n++) {
                    js.publish(subject, ("{\"n\": " + n + "}").getBytes(StandardCharsets.UTF_8));
                }
                await("the sink is stuck on a record").atMost(Duration.ofSeconds(30)).until(() -> posts.get() >= 1);
                run.kill();
            } finally {
                run.close();
            }

            Path second = CliRunner.write(dir, "second.yaml", blueprint(url, subject, stream,
                    "{name: out, type: Sink, config: {variant: file, path: \"" + out + "\"}}"));
            try (CliRunner.Running again = CliRunner.start(Map.of(), "run", second.toString())) {
                // started and consuming (a loaded machine may take seconds to start a JVM, which is not what is tested here),
                // then the messages whose ack wait ran out meanwhile come at once: far below JetStream's default 30 s
                again.ready();
                await("every message in flight at the kill comes again").atMost(ACK_WAIT.plusSeconds(10))
                        .untilAsserted(() -> assertThat(JsonLines.distinct(out, "data", "n")).as(again.stderr()).hasSize(MESSAGES));
                CliRunner.assertThatLog(again).contains("as durable " + stream + "_d (ack wait 2000 ms)");
                again.signal("TERM");
                assertThat(again.await(Duration.ofSeconds(30)).exitCode()).isZero();
            }
        } finally {
            end.countDown();
            hanging.stop(0);
            threads.shutdownNow();
        }
    }
}
