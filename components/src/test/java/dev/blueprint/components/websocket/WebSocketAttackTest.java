package dev.blueprint.components.websocket;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What an attacker does to the WebSocket port, with raw sockets over loopback: each test checks the
 * documented refusal or close, the counter in {@code /metrics}, that the attacker's connection is gone
 * (memory bounded), and that a well-behaved client is served meanwhile. Small limits keep each test to
 * a few seconds.
 */
class WebSocketAttackTest {
    private static final String LIMITS = """
            heartbeat_interval: 0
            handshake_timeout: 500ms
            max_message_size: 64KiB
            max_pending_bytes: 256KiB
            """;
    /** Time the server may take beyond a deadline on a busy 2-core machine. */
    /** Room for a loaded machine, well below what the behaviour refused would take (a dripped handshake: 15 s). */
    private static final Duration SLACK = ofMillis(3000);

    @TempDir
    Path dir;
    private final List<AttackClient> attackers = new ArrayList<>();
    private final ExecutorService background = Executors.newCachedThreadPool();

    @AfterEach
    void closeAttackers() {
        attackers.forEach(AttackClient::close);
        background.shutdownNow();
    }

    /** The WARN lines of one kind since {@code start}: one a second, each with a count of the rest. */
    private static int warnLinesAtMost(long start) {
        return 1 + (int) Math.ceil((System.nanoTime() - start) / 1e9);
    }

    @Test
    void slowlorisHandshakesGet408WithinHandshakeTimeoutWhileAGoodClientIsServed() throws Exception {
        try (var ws = new WebSocketHarness(dir, LIMITS.replace("500ms", "1s")); var logs = LogCapture.root()) {
            int n = 50;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                attackers.add(AttackClient.connect(ws.port));
            }
            ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
            try {
                byte[] request = AttackClient.handshake(ws.port, "/", "").getBytes(StandardCharsets.US_ASCII);
                AtomicInteger next = new AtomicInteger();
                boolean[] gone = new boolean[n];
                // one byte per connection every 100 ms: the whole handshake would take 15 s
                drip.scheduleAtFixedRate(() -> {
                    int i = next.getAndIncrement();
                    for (int c = 0; c < n && i < request.length; c++) {
                        gone[c] = gone[c] || !attackers.get(c).trySend(new byte[] {request[i]});
                    }
                }, 0, 100, TimeUnit.MILLISECONDS);

                assertAGoodClientIsServed(ws, "during-slowloris");

                for (AttackClient a : attackers) {
                    assertThat(a.readStatus()).as(a.toString()).isEqualTo(408);
                    assertThat(a.awaitServerClose(ofSeconds(2))).as(a + " closed").isTrue();
                }
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(took).isLessThan(ofSeconds(1).plus(SLACK));
            } finally {
                drip.shutdownNow();
            }
            assertCounter(ws, "websocket_refused_total", "handshake_timeout", n);
            assertAGoodClientIsServed(ws, "after-slowloris");
            assertThat(logs.atLeast(Level.WARN)).as("WARN lines for %d timeouts", n).hasSizeBetween(1, warnLinesAtMost(start));
        }
    }

    @Test
    void aHeaderBlockThatNeverEndsGets431AndIsClosedOncePastMaxHeaderSize() throws Exception {
        try (var ws = new WebSocketHarness(dir, LIMITS)) {
            AttackClient a = attacker(ws.port);
            String start = AttackClient.handshake(ws.port, "/", "");
            a.send(start.substring(0, start.length() - 2)); // all but the blank line that would end the headers
            String line = "X-Filler: " + "a".repeat(100) + "\r\n";
            long sent = sendUntilAnswered(a, line.getBytes(StandardCharsets.US_ASCII), 4 * 1024 * 1024);
            String head = a.readHead();
            assertThat(AttackClient.status(head)).as(head).isEqualTo(431);
            assertThat(a.awaitServerClose(ofSeconds(2))).isTrue();
            // the server stopped reading at 8 KiB; what the attacker got out is that plus socket buffers
            assertThat(sent).isLessThan(4 * 1024 * 1024);
            assertCounter(ws, "websocket_refused_total", "headers_too_large", 1);
            assertAGoodClientIsServed(ws, "after-endless-headers");
        }
    }

    @Test
    void aRequestLineThatNeverEndsGets414() throws Exception {
        try (var ws = new WebSocketHarness(dir, LIMITS)) {
            AttackClient a = attacker(ws.port);
            a.send("GET /");
            long sent = sendUntilAnswered(a, "a".repeat(1000).getBytes(StandardCharsets.US_ASCII), 4 * 1024 * 1024);
            String head = a.readHead();
            assertThat(AttackClient.status(head)).as(head).isEqualTo(414);
            assertThat(a.awaitServerClose(ofSeconds(2))).isTrue();
            assertThat(sent).isLessThan(4 * 1024 * 1024);
            assertCounter(ws, "websocket_refused_total", "uri_too_long", 1);
            assertAGoodClientIsServed(ws, "after-long-request-line");
        }
    }

    @Test
    void pendingHandshakesCountAgainstMaxConnectionsUntilHandshakeTimeoutDropsThem() throws Exception {
        try (var ws = new WebSocketHarness(dir, LIMITS.replace("500ms", "1s") + "max_connections: 5")) {
            for (int i = 0; i < 5; i++) {
                attacker(ws.port); // connects and sends nothing
            }
            // each I/O thread registers its share of the five on its own time: until all have, a handshake may pass
            String head = await().atMost(ofSeconds(5)).until(() -> lateHandshake(ws), h -> AttackClient.status(h) == 503);
            assertThat(AttackClient.header(head, "Retry-After")).isEqualTo("1");
            assertCounter(ws, "websocket_refused_total", "max_connections", 1);
            // the HTTP endpoints hold no slot: still served while every slot is taken
            assertThat(ws.get("/health").statusCode()).isEqualTo(200);

            for (AttackClient a : attackers.subList(0, 5)) {
                assertThat(a.readStatus()).as(a.toString()).isEqualTo(408);
                assertThat(a.awaitServerClose(ofSeconds(2))).isTrue();
            }
            assertCounter(ws, "websocket_refused_total", "handshake_timeout", 5);
            assertAGoodClientIsServed(ws, "after-the-slots-freed");
        }
    }

    @Test
    void aClientThatPingsAndNeverReadsIsClosedAsASlowConsumerWhileAGoodClientIsServed() throws Exception {
        try (var ws = new WebSocketHarness(dir, LIMITS)) {
            WsTestClient good = WsTestClient.connect(ws.url("/"));
            AttackClient a = attacker(ws.port, 4096);
            a.upgrade("/", "");
            ws.awaitConnections(2);
            byte[] ping = AttackClient.frame(AttackClient.PING, new byte[AttackClient.MAX_CONTROL_PAYLOAD]);
            byte[] batch = new byte[ping.length * 500];
            for (int i = 0; i < 500; i++) {
                System.arraycopy(ping, 0, batch, i * ping.length, ping.length);
            }
            AtomicLong pings = new AtomicLong();
            // at most 100,000 pings (13 MB) for at most 15 s; the server must close long before
            Future<Boolean> flood = background.submit(() -> {
                long deadline = System.nanoTime() + ofSeconds(15).toNanos();
                while (pings.get() < 100_000 && System.nanoTime() < deadline) {
                    if (!a.trySend(batch)) {
                        return true;
                    }
                    pings.addAndGet(500);
                }
                return false;
            });

            good.send("{\"during\":\"ping-flood\"}");
            assertThat(good.awaitMessages(1)).contains("{\"during\":\"ping-flood\"}");

            boolean closed;
            try {
                closed = flood.get(20, TimeUnit.SECONDS);
            } finally {
                a.close(); // unblocks a write the server never drains
            }
            assertThat(closed).as("the server closed the flooding connection after %d pings", pings.get()).isTrue();
            assertCounter(ws, "websocket_closed_by_server_total", "slow_consumer", 1);
            // the pongs it queued are gone with it: only the good client is left
            await().atMost(ofSeconds(5)).untilAsserted(() -> assertThat(ws.get("/health").body()).contains("\"connections\":1,"));
            good.send("{\"after\":\"ping-flood\"}");
            assertThat(good.awaitMessages(2)).contains("{\"after\":\"ping-flood\"}");
            good.close();
        }
    }

    @Test
    void aDeflateBombIsClosedWith1009BeforeItInflatesPastMaxMessageSize() throws Exception {
        try (var ws = new WebSocketHarness(dir, LIMITS + "compression: true")) {
            WsTestClient good = WsTestClient.connect(ws.url("/"));
            AttackClient a = attacker(ws.port);
            String head = a.upgrade("/", "Sec-WebSocket-Extensions: permessage-deflate\r\n");
            assertThat(AttackClient.header(head, "Sec-WebSocket-Extensions")).startsWith("permessage-deflate");
            byte[] bomb = AttackClient.deflateZeros(50L * 1024 * 1024);
            assertThat(bomb.length).as("the bomb fits in one frame under max_message_size").isLessThan(64 * 1024);

            a.send(AttackClient.frame(true, AttackClient.RSV1, AttackClient.BINARY, bomb, true));

            assertThat(a.readCloseCode()).isEqualTo(1009);
            assertThat(a.awaitServerClose(ofSeconds(3))).isTrue();
            assertCounter(ws, "websocket_closed_by_server_total", "message_too_big", 1);
            good.send("{\"after\":\"bomb\"}");
            assertThat(good.awaitMessages(1)).containsExactly("{\"after\":\"bomb\"}");
            good.close();
        }
    }

    @Test
    void anUnmaskedClientFrameFailsTheConnectionWith1002() throws Exception {
        try (var ws = new WebSocketHarness(dir, LIMITS)) {
            AttackClient a = attacker(ws.port);
            a.upgrade("/", "");
            a.send(AttackClient.frame(true, 0, AttackClient.TEXT, "{\"unmasked\":true}".getBytes(StandardCharsets.UTF_8), false));
            assertThat(a.readCloseCode()).isEqualTo(1002);
            assertThat(a.awaitServerClose(ofSeconds(3))).isTrue();
            assertCounter(ws, "websocket_closed_by_server_total", "protocol_error", 1);
            assertThat(ws.messages()).isEmpty();
            assertAGoodClientIsServed(ws, "after-unmasked");
        }
    }

    @Test
    void aCloseFrameWithAnInvalidUtf8ReasonFailsTheConnectionWith1007() throws Exception {
        try (var ws = new WebSocketHarness(dir, LIMITS)) {
            AttackClient a = attacker(ws.port);
            a.upgrade("/", "");
            a.send(AttackClient.closeFrame(1000, new byte[] {'b', 'y', (byte) 0xC3, (byte) 0x28}));
            // not the echo of a clean 1000: Netty fails it without a close frame of its own, since the client's
            // close already began the closing handshake (RFC 6455 7.1.7 lets it; Autobahn 7.5.1 accepts both)
            assertThat(a.readCloseCode()).as("1007, or -1: dropped without a close frame").isIn(1007, -1);
            assertThat(a.awaitServerClose(ofSeconds(3))).isTrue();
            assertCounter(ws, "websocket_closed_by_server_total", "invalid_payload", 1);
            await().atMost(ofSeconds(5)).untilAsserted(() -> assertThat(ws.events()).anySatisfy(e -> {
                assertThat(e.get("event").asText()).isEqualTo("disconnected");
                assertThat(e.get("code").asInt()).isEqualTo(1007);
            }));
            assertAGoodClientIsServed(ws, "after-bad-close-reason");
        }
    }

    @Test
    void aTextFrameThatIsNotUtf8FailsTheConnectionWith1007() throws Exception {
        try (var ws = new WebSocketHarness(dir, LIMITS)) {
            AttackClient a = attacker(ws.port);
            a.upgrade("/", "");
            a.send(AttackClient.frame(AttackClient.TEXT, new byte[] {'"', (byte) 0xFF, (byte) 0xFE, '"'}));
            assertThat(a.readCloseCode()).isEqualTo(1007);
            assertThat(a.awaitServerClose(ofSeconds(3))).isTrue();
            assertCounter(ws, "websocket_closed_by_server_total", "invalid_payload", 1);
            assertThat(ws.messages()).isEmpty();
            assertAGoodClientIsServed(ws, "after-bad-utf8");
        }
    }

    @Test
    void twoHundredBadFramesAreEachClosedAndCountedWithAFewWarnLinesAndNoStackTrace() throws Exception {
        try (var ws = new WebSocketHarness(dir, LIMITS); var logs = LogCapture.root()) {
            long start = System.nanoTime();
            // three kinds of garbage, each a protocol error: a reserved opcode, RSV2 without an extension, a fragmented ping
            List<byte[]> garbage = List.of(AttackClient.frame(true, 0, 0x3, new byte[] {1, 2, 3}, true),
                    AttackClient.frame(true, 2, AttackClient.TEXT, "{}".getBytes(StandardCharsets.UTF_8), true),
                    AttackClient.frame(false, 0, AttackClient.PING, new byte[] {1}, true));
            int n = 200;
            for (int round = 0; round < n / 20; round++) {
                List<AttackClient> batch = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    AttackClient a = attacker(ws.port);
                    a.upgrade("/", "");
                    batch.add(a);
                }
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).send(garbage.get((round * 20 + i) % garbage.size()));
                }
                for (AttackClient a : batch) {
                    assertThat(a.readCloseCode()).as(a.toString()).isEqualTo(1002);
                    assertThat(a.awaitServerClose(ofSeconds(3))).isTrue();
                    a.close();
                }
            }
            assertCounter(ws, "websocket_closed_by_server_total", "protocol_error", n);
            assertAGoodClientIsServed(ws, "after-garbage");
            // one WARN a second per kind, with a count; the test takes a second or two
            assertThat(logs.atLeast(Level.WARN)).as("WARN lines for %d bad frames", n).hasSizeBetween(1, warnLinesAtMost(start));
            assertThat(logs.withStackTrace()).isEmpty();
        }
    }

    @Test
    void aMalformedQueryStringInAHandshakeGets400Not500() throws Exception {
        try (var ws = new WebSocketHarness(dir, LIMITS + "auth: {mode: tokens, tokens: [secret]}"); var logs = LogCapture.root()) {
            AttackClient a = attacker(ws.port);
            String head = a.send(AttackClient.handshake(ws.port, "/?token=%zz", "")).readHead();
            assertThat(AttackClient.status(head)).as(head).isEqualTo(400);
            assertThat(a.awaitServerClose(ofSeconds(2))).isTrue();

            AttackClient b = attacker(ws.port);
            head = b.send("GET /health?x=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").readHead();
            assertThat(AttackClient.status(head)).as(head).isEqualTo(400);
            assertCounter(ws, "websocket_refused_total", "bad_request", 2);
            assertThat(ws.get("/health").statusCode()).isEqualTo(200);
            assertThat(logs.atLeast(Level.ERROR)).isEmpty();
            assertThat(logs.withStackTrace()).isEmpty();
        }
    }

    @Test
    void aMalformedHttpRequestGets400() throws Exception {
        try (var ws = new WebSocketHarness(dir, LIMITS)) {
            AttackClient a = attacker(ws.port);
            String head = a.send("NOT HTTP AT ALL\r\n\r\n").readHead();
            assertThat(AttackClient.status(head)).as(head).isEqualTo(400);
            assertThat(a.awaitServerClose(ofSeconds(2))).isTrue();
            assertCounter(ws, "websocket_refused_total", "bad_request", 1);
            assertAGoodClientIsServed(ws, "after-garbage-http");
        }
    }

    @Test
    void stalledHttpConnectionsNeverDelayHealthReadyOrMetrics() throws Exception {
        try (var ws = new WebSocketHarness(dir, LIMITS.replace("500ms", "10s"))) {
            for (int i = 0; i < 20; i++) {
                attacker(ws.port).send("G");
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(ofSeconds(2)).build();
            for (String path : List.of("/health", "/ready", "/metrics")) {
                long start = System.nanoTime();
                HttpResponse<String> r = get(http, "http://127.0.0.1:" + ws.port + path);
                assertThat(r.statusCode()).as(path).isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as(path).isLessThan(ofSeconds(2));
            }
            assertAGoodClientIsServed(ws, "beside-stalled-http");
            assertThat(attackers).as("the stalled connections are still held, not yet timed out").noneMatch(AttackClient::hasResponse);
        }
    }

    @Test
    void anHttpClientThatPipelinesThousandsOfRequestsAndNeverReadsIsClosedWhileOthersAreServed() throws Exception {
        try (var ws = new WebSocketHarness(dir, LIMITS)) {
            AttackClient a = attacker(ws.port, 4096);
            byte[] requests = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".repeat(3000).getBytes(StandardCharsets.US_ASCII);
            // 3,000 pipelined requests for the 3 KiB browser page in one go, none of the answers read
            Future<Boolean> sent = background.submit(() -> a.trySend(requests));

            HttpClient http = HttpClient.newBuilder().connectTimeout(ofSeconds(2)).build();
            assertThat(get(http, "http://127.0.0.1:" + ws.port + "/health").statusCode()).isEqualTo(200);
            assertCounter(ws, "websocket_refused_total", "bad_request", 1);
            await().atMost(ofSeconds(5)).until(() -> !a.trySend(new byte[] {'\r', '\n'}));
            a.close();
            sent.get(5, TimeUnit.SECONDS);
            assertAGoodClientIsServed(ws, "after-a-pipelining-client");
        }
    }

    @Test
    void pipelinedHttpRequestsAreAnsweredInOrder() throws Exception {
        try (var ws = new WebSocketHarness(dir, LIMITS)) {
            AttackClient a = attacker(ws.port);
            List<String> paths = new ArrayList<>();
            StringBuilder requests = new StringBuilder();
            for (int i = 0; i < 12; i++) {
                String path = List.of("/metrics", "/health", "/", "/nowhere").get(i % 4);
                paths.add(path);
                requests.append("GET ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            }
            a.send(requests.toString()); // in one write: the server reads them all at once
            List<String> answered = new ArrayList<>();
            for (String path : paths) {
                String head = a.readResponse();
                answered.add(AttackClient.status(head) + " " + AttackClient.header(head, "Content-Type"));
            }
            List<String> expected = new ArrayList<>();
            for (String path : paths) {
                expected.add(switch (path) {
                    case "/metrics" -> "200 text/plain; version=0.0.4; charset=utf-8";
                    case "/health" -> "200 application/json";
                    case "/" -> "200 text/html; charset=utf-8";
                    default -> "404 text/plain; charset=utf-8";
                });
            }
            assertThat(answered).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void anIdleKeptAliveHttpConnectionIsClosedQuietlyWithoutCountingARefusal() throws Exception {
        try (var ws = new WebSocketHarness(dir, LIMITS)) {
            AttackClient scraper = attacker(ws.port);
            assertThat(scraper.get("/metrics")).isEqualTo(200);
            assertThat(scraper.get("/health")).as("kept alive").isEqualTo(200);
            // nothing of a next request: closed after handshake_timeout, but no 408 and no refusal
            long start = System.nanoTime();
            assertThat(scraper.readHead()).as("what the server sent before closing").isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(ofMillis(500).plus(SLACK));
            AttackClient stalled = attacker(ws.port);
            assertThat(stalled.get("/health")).isEqualTo(200);
            stalled.send("GET /hea"); // half a next request: that one is refused
            assertThat(stalled.readStatus()).isEqualTo(408);
            assertCounter(ws, "websocket_refused_total", "handshake_timeout", 1);
        }
    }

    @Test
    void servesTheHttpEndpointsAndWssOnOneTlsPortAndDropsASilentTlsConnection() throws Exception {
        Path keystore = WebSocketTlsTest.TestKeystore.generate(dir, "changeit");
        // 2 s: a JVM's first TLS handshakes can take most of 500 ms on a busy machine
        String tls = LIMITS.replace("500ms", "2s") + "tls: {keystore: \"" + keystore + "\", password: changeit}";
        try (var ws = new WebSocketHarness(dir, tls)) {
            SSLContext trust = WebSocketTlsTest.TestKeystore.trusting(keystore, "changeit");
            AttackClient silent = attacker(ws.port); // no TLS ClientHello, nothing at all

            HttpClient https = HttpClient.newBuilder().sslContext(trust).connectTimeout(ofSeconds(2)).build();
            HttpResponse<String> health = get(https, "https://127.0.0.1:" + ws.port + "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).startsWith("{\"status\":\"healthy\"");

            WsTestClient good = WsTestClient.connect("wss://127.0.0.1:" + ws.port + "/", Map.of(), trust);
            good.send("{\"over\":\"wss\"}");
            assertThat(good.awaitMessages(1)).containsExactly("{\"over\":\"wss\"}");
            good.close();

            // without a TLS session there is no 408 to send: the connection is just closed
            assertThat(silent.awaitServerClose(ofSeconds(2).plus(SLACK))).isTrue();
            assertCounter(() -> get(https, "https://127.0.0.1:" + ws.port + "/metrics").body(), "websocket_refused_total",
                    "handshake_timeout", 1);
        }
    }

    @Test
    void theExtraHttpPortServesTheEndpointsAndTimesOutStalledRequests() throws Exception {
        WebSocketHarness started;
        LogCapture logs = LogCapture.of(WebSocketComponent.class);
        try (logs) {
            started = new WebSocketHarness(dir, LIMITS + "http_port: -1");
        }
        try (var ws = started) {
            // the component logs the extra port; it has no accessor (it is for ops, not for embedding applications)
            int httpPort = logs.events().stream().map(e -> Pattern.compile("HTTP also on http://[^:]+:(\\d+)/").matcher(e.getFormattedMessage()))
                    .filter(Matcher::find).map(m -> Integer.parseInt(m.group(1))).findFirst()
                    .orElseThrow(() -> new AssertionError("no 'HTTP also on' line"));
            assertThat(httpPort).isNotEqualTo(ws.port);
            AttackClient stalled = attacker(httpPort);
            stalled.send("GET /hea");

            AttackClient http = attacker(httpPort);
            assertThat(http.get("/health")).isEqualTo(200);
            assertThat(http.get("/metrics")).as("kept alive").isEqualTo(200);

            assertThat(stalled.readStatus()).isEqualTo(408);
            assertThat(stalled.awaitServerClose(ofSeconds(2))).isTrue();
            assertCounter(ws, "websocket_refused_total", "handshake_timeout", 1);
            assertAGoodClientIsServed(ws, "beside-the-extra-port");
        }
    }

    /** A handshake on a new connection; one that was accepted is closed again and its slot awaited back. */
    private String lateHandshake(WebSocketHarness ws) {
        AttackClient late = attacker(ws.port);
        String head = late.send(AttackClient.handshake(ws.port, "/", "")).readHead();
        if (AttackClient.status(head) == 101) {
            late.close();
            ws.awaitConnections(0);
        }
        return head;
    }

    /** GET with a 2 s timeout: an endpoint held up by other connections fails the test. */
    private static HttpResponse<String> get(HttpClient client, String url) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private AttackClient attacker(int port) {
        return attacker(port, 0);
    }

    private AttackClient attacker(int port, int receiveBuffer) {
        AttackClient a = AttackClient.connect(port, receiveBuffer);
        attackers.add(a);
        return a;
    }

    /**
     * Sends {@code chunk} again and again until the server answers or drops the connection (or {@code max}
     * bytes went out); returns the bytes sent.
     */
    private static long sendUntilAnswered(AttackClient a, byte[] chunk, long max) {
        long sent = 0;
        while (sent < max && !a.hasResponse() && a.trySend(chunk)) {
            sent += chunk.length;
        }
        return sent;
    }

    /** A real client connects, sends a message and gets it back through the pipeline. */
    private static void assertAGoodClientIsServed(WebSocketHarness ws, String tag) {
        WsTestClient good = WsTestClient.connect(ws.url("/"));
        try {
            String message = "{\"good\":\"" + tag + "\"}";
            good.send(message);
            assertThat(good.awaitMessages(1)).contains(message);
        } finally {
            good.close();
        }
    }

    /** Waits until the counter {@code name{reason}} in {@code /metrics} is {@code expected} (the server counts as it closes). */
    private static void assertCounter(WebSocketHarness ws, String name, String reason, long expected) {
        assertCounter(() -> ws.get("/metrics").body(), name, reason, expected);
    }

    private static void assertCounter(Supplier<String> metrics, String name, String reason, long expected) {
        await().atMost(ofSeconds(5)).untilAsserted(() -> assertThat(counter(metrics.get(), name, reason))
                .as("%s{reason=\"%s\"}", name, reason).isEqualTo(expected));
    }

    /** A counter of a Prometheus text with {@code reason}; 0 when absent. */
    private static long counter(String metrics, String name, String reason) {
        String prefix = name + "{component=\"ws\",reason=\"" + reason + "\"} ";
        return metrics.lines().filter(l -> l.startsWith(prefix))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(prefix.length()).trim())).findFirst().orElse(0);
    }

    /** What a logger (and those under it) logs meanwhile, at the levels enabled in logback-test.xml. */
    private static final class LogCapture implements AutoCloseable {
        private final Logger logger;
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        private LogCapture(Logger logger) {
            this.logger = logger;
            appender.start();
            logger.addAppender(appender);
        }

        /** Everything logged, Netty included. */
        static LogCapture root() {
            return new LogCapture((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
        }

        static LogCapture of(Class<?> type) {
            return new LogCapture((Logger) LoggerFactory.getLogger(type));
        }

        List<ILoggingEvent> events() {
            synchronized (appender) {
                return new ArrayList<>(appender.list);
            }
        }

        List<String> atLeast(Level level) {
            return events().stream().filter(e -> e.getLevel().isGreaterOrEqual(level)).map(ILoggingEvent::getFormattedMessage).toList();
        }

        List<String> withStackTrace() {
            return events().stream().filter(e -> e.getThrowableProxy() != null).map(ILoggingEvent::getFormattedMessage).toList();
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
        }
    }
}
