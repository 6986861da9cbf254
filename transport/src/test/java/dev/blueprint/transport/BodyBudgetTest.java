package dev.blueprint.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The server-wide budget of request bodies, over real sockets: admitted bodies held at once never exceed
 * {@code max_buffered_body_bytes}; a request beyond it gets 503 with Retry-After, and the budget is given back
 * once a request is answered. Requests refused on their headers take nothing from it.
 */
class BodyBudgetTest {
    private static final int BUDGET = 1000;

    @Test
    void aBodyBeyondTheBudgetGets503WithRetryAfterUntilTheHeldOneIsAnswered() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger entered = new AtomicInteger();
        HttpRoutes routes = new HttpRoutes().exact("/hold", r -> {
            entered.incrementAndGet();
            release.await(10, TimeUnit.SECONDS);
            return HttpReply.text(200, "held " + r.body().length + "\n");
        }).exact("/quick", r -> HttpReply.text(200, "quick " + r.body().length + "\n"));
        try (Transport<Object> server = Transport.startHttp(config(), routes, (what, cause) -> { })) {
            int port = server.address().getPort();
            CompletableFuture<List<String>> held = CompletableFuture.supplyAsync(() -> post(port, "/hold", 800, null));
            await("the first body is held by its endpoint").atMost(Duration.ofSeconds(5)).until(() -> entered.get() == 1);

            List<String> over = post(port, "/quick", 800, null, false);
            assertThat(over.get(0)).isEqualTo("HTTP/1.1 503 Service Unavailable");
            assertThat(over).contains("retry-after: 1");
            assertThat(post(port, "/quick", 150, null).get(0)).as("within what is left").isEqualTo("HTTP/1.1 200 OK");

            release.countDown();
            assertThat(held.get(5, TimeUnit.SECONDS).get(0)).isEqualTo("HTTP/1.1 200 OK");
            await("the budget given back").atMost(Duration.ofSeconds(5))
                    .until(() -> post(port, "/quick", 800, null).get(0).equals("HTTP/1.1 200 OK"));
        }
    }

    @Test
    void requestsRefusedOnTheirHeadersTakeNothingFromTheBudget() throws Exception {
        HttpRoutes routes = new HttpRoutes().prefix("/", new HttpRoute() {
            @Override
            public Optional<HttpRefusal> admit(RequestHead head) {
                return head.headers().get("Authorization") == null
                        ? Optional.of(new HttpRefusal(Violation.UNAUTHORIZED, "no token", HttpReply.text(401, "no\n")))
                        : Optional.empty();
            }

            @Override
            public HttpReply handle(HttpRequest request) {
                return HttpReply.text(200, "ok " + request.body().length + "\n");
            }
        });
        try (Transport<Object> server = Transport.startHttp(config(), routes, (what, cause) -> { })) {
            int port = server.address().getPort();
            List<Socket> unanswered = new ArrayList<>();
            for (int i = 0; i < 20; i++) { // 20 x 900 declared bytes without a token: far over the budget if reserved
                Socket s = new Socket("127.0.0.1", port);
                unanswered.add(s);
                s.getOutputStream().write(head("/x", 900, null));
                assertThat(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1)).readLine())
                        .isEqualTo("HTTP/1.1 401 Unauthorized");
            }
            assertThat(post(port, "/x", 900, "Bearer t").get(0)).isEqualTo("HTTP/1.1 200 OK");
            for (Socket s : unanswered) {
                s.close();
            }
        }
    }

    private static TransportConfig config() {
        return TransportConfig.builder("budget", "127.0.0.1", 0).maxMessageSize(1024).maxPendingBytes(1024 * 1024).threads(1, 4)
                .maxBufferedBodyBytes(BUDGET).build();
    }

    private static byte[] head(String path, int length, String authorization) {
        return ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + length + "\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** POSTs {@code length} bytes on a fresh connection; the status line and the headers, lower-cased but the first. */
    private static List<String> post(int port, String path, int length, String authorization) {
        return post(port, path, length, authorization, true);
    }

    private static List<String> post(int port, String path, int length, String authorization, boolean sendBody) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(head(path, length, authorization));
            if (sendBody) {
                s.getOutputStream().write(new byte[length]);
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            List<String> lines = new ArrayList<>();
            lines.add(in.readLine());
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                lines.add(line.toLowerCase(java.util.Locale.ROOT));
            }
            return lines;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
