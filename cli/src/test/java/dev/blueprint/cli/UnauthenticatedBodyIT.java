package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blueprint.components.websocket.WsTestClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing before authentication, through the CLI jar under a small heap: requests to the WebSocket component's
 * admin API without the token are refused on their headers, and never make the server hold their bodies.
 */
class UnauthenticatedBodyIT {
    private static final String TOKEN = "it-admin-token-0b9e44c1d2";
    private static final int ATTACKERS = 200;
    private static final HttpClient OPERATOR = HttpClient.newHttpClient();
    private static final int DECLARED = 4_000_000;
    private static final int WARM_UP_ROUNDS = 10;
    private static final String BLUEPRINT = """
            system:
              name: admin_attack
              components:
                - name: ws
                  type: WebSocket
                  config:
                    host: 127.0.0.1
                    port: 0
                    path: /ws
                    admin:
                      enabled: true
                      token: ${ADMIN_TOKEN}
            """;

    @TempDir
    Path dir;

    @Test
    void headerOnlyPostsWithoutATokenGet401AtOnceAndHoldNoMemoryWhileTheOperatorIsServed() throws Exception {
        Path file = CliRunner.write(dir, "admin.yaml", BLUEPRINT);
        try (CliRunner.Running run = CliRunner.start(List.of("-Xmx256m"), CliRunner.env("ADMIN_TOKEN", TOKEN), "run", file.toString())) {
            int ws = run.webSocketPort();
            int admin = run.port("ws");
            WsTestClient listener = WsTestClient.connect("ws://127.0.0.1:" + ws + "/ws");
            run.awaitConnections("ws", 1); // its handshake may end before the server counts it in for broadcasts
            for (int i = 0; i < 20; i++) { // warm up the admin path before the baseline
                assertThat(broadcast(admin, "{\"warm\":" + i + "}").statusCode()).isEqualTo(200);
            }
            listener.awaitMessages(20);
            long baseline = rssKiB(run.pid());
            AtomicLong peak = new AtomicLong(baseline);
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(rssKiB(run.pid()), Math::max), 0, 20, TimeUnit.MILLISECONDS);
            // first rounds on a fresh JVM time the JIT as much as the server (the first 401s of a cold run took over a
            // second on a loaded machine): they count for memory and are reported, the round after them is timed
            List<Attempt> cold = new ArrayList<>();
            for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                cold.addAll(attack(admin));
            }
            assertThat(cold).extracting(Attempt::statusLine).containsOnly("HTTP/1.1 401 Unauthorized");
            AtomicBoolean attacking = new AtomicBoolean(true);
            AtomicInteger served = new AtomicInteger();
            ConcurrentLinkedQueue<Integer> operatorStatuses = new ConcurrentLinkedQueue<>();
            ExecutorService operator = Executors.newSingleThreadExecutor();
            Future<?> operatorDone = operator.submit(() -> {
                while (attacking.get()) {
                    int status = broadcast(admin, "{\"op\":" + served.get() + "}").statusCode();
                    operatorStatuses.add(status);
                    if (status == 200) {
                        served.incrementAndGet();
                    }
                }
                return null;
            });

            await("the operator's first broadcast served").atMost(Duration.ofSeconds(10)).until(() -> served.get() > 0);
            int servedBefore = served.get();
            List<Attempt> results = attack(admin);
            int servedDuring = served.get() - servedBefore;
            attacking.set(false);
            operatorDone.get(10, TimeUnit.SECONDS);
            sampler.shutdownNow();
            operator.shutdownNow();

            long slowest = results.stream().mapToLong(Attempt::millis).max().orElseThrow();
            long growthMiB = (peak.get() - baseline) / 1024;
            System.out.printf("%d unauthenticated POSTs a round: slowest 401 after %d ms in %d warm-up rounds, then %d ms; "
                    + "RSS %d MiB -> peak %d MiB (+%d MiB); operator served %d meanwhile%n", ATTACKERS,
                    cold.stream().mapToLong(Attempt::millis).max().orElseThrow(), WARM_UP_ROUNDS, slowest, baseline / 1024,
                    peak.get() / 1024, growthMiB, servedDuring);
            assertThat(results).extracting(Attempt::statusLine).containsOnly("HTTP/1.1 401 Unauthorized");
            // at once, not after a body that never comes (the server would wait up to its 10 s request timeout): a bound of a second
            // leaves room for 200 sockets, the sampler and the operator on two loaded cores
            assertThat(results).allSatisfy(a -> assertThat(a.millis()).as("time to 401").isLessThan(1000));
            assertThat(growthMiB).as("RSS growth in MiB").isLessThan(50);
            assertThat(operatorStatuses).containsOnly(200);
            assertThat(servedDuring).as("operator broadcasts served during the attack").isPositive();
            assertThat(listener.awaitMessages(20 + served.get())).contains("{\"op\":0}");
            assertThat(run.stderr()).doesNotContain("OutOfMemoryError").doesNotContain("failed");
            assertThat(CliRunner.httpGet(ws, "/metrics").body())
                    .contains("websocket_refused_total{component=\"ws\",reason=\"unauthorized\"} " + (WARM_UP_ROUNDS + 1) * ATTACKERS + ".0");
        }
    }

    @Test
    void aDeclaredBodyLargerThanTheAdminLimitGets413OnlyWithTheToken() throws Exception {
        Path file = CliRunner.write(dir, "admin.yaml", BLUEPRINT);
        try (CliRunner.Running run = CliRunner.start(CliRunner.env("ADMIN_TOKEN", TOKEN), "run", file.toString())) {
            int admin = run.port("ws");
            assertThat(headersOnly(admin, 8_000_000, null)).isEqualTo("HTTP/1.1 401 Unauthorized");
            assertThat(headersOnly(admin, 8_000_000, TOKEN)).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
        }
    }

    @Test
    void authorisedBodiesBeyondTheBufferBudgetGet503WithRetryAfterUntilOneIsAnswered() throws Exception {
        Path file = CliRunner.write(dir, "admin.yaml",
                BLUEPRINT.replace("        admin:", "        max_buffered_body_bytes: 1KiB\n        admin:"));
        assertThat(Files.readString(file)).contains("max_buffered_body_bytes: 1KiB");
        try (CliRunner.Running run = CliRunner.start(CliRunner.env("ADMIN_TOKEN", TOKEN), "run", file.toString())) {
            int admin = run.port("ws");
            try (Socket slow = new Socket("127.0.0.1", admin)) { // holds 800 bytes of the budget while its body trickles in
                slow.setSoTimeout(5000);
                slow.getOutputStream().write(head(admin, 800, TOKEN));
                slow.getOutputStream().write("{\"half\":\"".getBytes(StandardCharsets.US_ASCII));
                // its headers admitted first: a probe admitted before them would hold the budget itself and wait for a body
                await("the slow body's 800 bytes held").atMost(Duration.ofSeconds(5)).until(() -> CliRunner.httpGet(run.webSocketPort(),
                        "/metrics").body().contains("websocket_buffered_body_bytes{component=\"ws\"} 800.0"));
                await("the slow body's reservation refuses the next").atMost(Duration.ofSeconds(5))
                        .until(() -> headersOnly(admin, 800, TOKEN).equals("HTTP/1.1 503 Service Unavailable"));
                assertThat(CliRunner.httpGet(run.webSocketPort(), "/metrics").body())
                        .containsPattern("websocket_refused_total\\{component=\"ws\",reason=\"body_budget\"} [1-9]");
                slow.getOutputStream().write(("x".repeat(800 - 11) + "\"}").getBytes(StandardCharsets.US_ASCII));
                assertThat(new BufferedReader(new InputStreamReader(slow.getInputStream(), StandardCharsets.ISO_8859_1)).readLine())
                        .isEqualTo("HTTP/1.1 200 OK");
            }
            await("the budget given back").atMost(Duration.ofSeconds(5))
                    .until(() -> broadcast(admin, "{\"after\":\"" + "y".repeat(780) + "\"}").statusCode() == 200);
        }
    }

    /** What one attacker saw: the status line, and the time from its last header byte to it. */
    private record Attempt(String statusLine, long millis) {
    }

    /**
     * Opens {@link #ATTACKERS} connections, sends on each the headers of a 4 MB POST /broadcast without a token, and
     * times each answer from one selector thread (so that the timing measures the server, not this JVM's threads). Then
     * sends on each the body it declared, as an attacker would whatever the answer.
     */
    private static List<Attempt> attack(int port) throws IOException, InterruptedException {
        List<SocketChannel> channels = new ArrayList<>();
        for (int i = 0; i < ATTACKERS; i++) {
            channels.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", port)));
        }
        Map<SocketChannel, Long> sentAt = new HashMap<>();
        Map<SocketChannel, ByteBuffer> answers = new HashMap<>();
        List<Attempt> results = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            for (SocketChannel c : channels) {
                c.configureBlocking(false);
                c.register(selector, SelectionKey.OP_READ);
                answers.put(c, ByteBuffer.allocate(256));
            }
            for (SocketChannel c : channels) {
                ByteBuffer head = ByteBuffer.wrap(head(port, DECLARED, null));
                sentAt.put(c, System.nanoTime());
                while (head.hasRemaining()) {
                    c.write(head);
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (results.size() < ATTACKERS && System.nanoTime() < deadline) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel c = (SocketChannel) key.channel();
                    ByteBuffer answer = answers.get(c);
                    int n = c.read(answer);
                    String text = new String(answer.array(), 0, answer.position(), StandardCharsets.ISO_8859_1);
                    if (text.contains("\r\n") || n < 0) {
                        results.add(new Attempt(text.lines().findFirst().orElse("(closed)"), (System.nanoTime() - sentAt.get(c)) / 1_000_000));
                        key.cancel();
                    }
                }
                selector.selectedKeys().clear();
            }
        }
        ExecutorService bodies = Executors.newFixedThreadPool(20);
        for (SocketChannel c : channels) {
            bodies.submit(() -> {
                try (c) {
                    c.configureBlocking(true);
                    ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
                    for (int written = 0; written < DECLARED; written += chunk.capacity()) {
                        c.write(chunk.clear());
                    }
                } catch (IOException closedByServer) {
                    // expected: the server closed after its 401
                }
                return null;
            });
        }
        bodies.shutdown();
        assertThat(bodies.awaitTermination(60, TimeUnit.SECONDS)).as("bodies sent or refused").isTrue();
        assertThat(results).as("answers within 10 s").hasSize(ATTACKERS);
        return results;
    }

    private static String headersOnly(int port, int declared, String token) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(head(port, declared, token));
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
        }
    }

    private static byte[] head(int port, int declared, String token) {
        return ("POST /broadcast HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "Content-Length: " + declared + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static HttpResponse<String> broadcast(int port, String body) throws IOException, InterruptedException {
        return OPERATOR.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/broadcast"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** VmRSS of a process, in KiB. */
    private static long rssKiB(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
