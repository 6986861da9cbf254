package dev.blueprint.components.http;

import static dev.blueprint.components.Runs.lines;
import static dev.blueprint.components.Runs.yamlPath;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.testing.TestPipeline;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpSourceTest {
    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    /** The port the pipeline's http source {@code in} bound (its config says 0). */
    private static int port(Pipeline p) {
        return p.listeningPorts().get("in").get("port");
    }

    private HttpResponse<String> post(int port, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ingest"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void connectionsThatStallMidRequestDoNotHoldUpOtherClients() throws Exception {
        Path out = dir.resolve("out.jsonl");
        Pipeline p = TestPipeline.start("""
                system:
                  name: http_stall
                  components:
                    - {name: in, type: Source, config: {variant: http, host: 127.0.0.1, port: 0, path: /ingest}}
                    - {name: output, type: Sink, config: {variant: file, path: %s}}
                  bindings:
                    - {from: in.output, to: output.input}
                """.formatted(yamlPath(out)));
        java.util.List<java.net.Socket> stalled = new java.util.ArrayList<>();
        try {
            int port = p.component("in", HttpSource.class).orElseThrow().port();
            // what took the JDK server's handler threads: connections that send one byte and then nothing
            for (int i = 0; i < 20; i++) {
                java.net.Socket s = new java.net.Socket("127.0.0.1", port);
                s.getOutputStream().write('P');
                s.getOutputStream().flush();
                stalled.add(s);
            }
            HttpResponse<String> ok = client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ingest"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}")).build(), HttpResponse.BodyHandlers.ofString())
                    .get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(ok.statusCode()).isEqualTo(202);
            await().atMost(ofSeconds(5)).until(() -> lines(out).size() == 1);
        } finally {
            for (java.net.Socket s : stalled) {
                s.close();
            }
            p.stop();
            assertThat(p.awaitCompletion().succeeded()).isTrue();
        }
    }

    @Test
    void httpSourceAcceptsObjectsAndArraysAndRefusesBadBodies() throws Exception {
        Path out = dir.resolve("out.jsonl");
        Path errors = dir.resolve("errors.jsonl");
        Pipeline p = TestPipeline.start("""
                system:
                  name: http_test
                  components:
                    - {name: in, type: Source, config: {variant: http, host: 127.0.0.1, port: 0, path: /ingest, max_body_bytes: 64}}
                    - {name: output, type: Sink, config: {variant: file, path: %s}}
                    - {name: errors, type: Sink, config: {variant: file, path: %s}}
                  bindings:
                    - {from: in.output, to: output.input}
                    - {from: in.errors, to: errors.input}
                """.formatted(yamlPath(out), yamlPath(errors)));
        int port = port(p);
        try {
            HttpResponse<String> one = post(port, "{\"n\":1}");
            HttpResponse<String> many = post(port, "[{\"n\":2},{\"n\":3}]");
            HttpResponse<String> bad = post(port, "{\"n\":");
            HttpResponse<String> big = post(port, "[" + "1,".repeat(40) + "1]");
            HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ingest")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(one.statusCode()).isEqualTo(202);
            assertThat(one.body()).isEqualTo("{\"accepted\":1}");
            assertThat(many.statusCode()).isEqualTo(202);
            assertThat(many.body()).isEqualTo("{\"accepted\":2}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("invalid JSON");
            assertThat(big.statusCode()).isEqualTo(413);
            assertThat(get.statusCode()).isEqualTo(405);
            await().atMost(ofSeconds(5)).untilAsserted(() -> {
                assertThat(lines(out)).extracting(Object::toString).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
                assertThat(lines(errors)).singleElement().satisfies(e -> {
                    assertThat(e.get("kind").asText()).isEqualTo("bad_request");
                    assertThat(e.get("record").asText()).isEqualTo("{\"n\":");
                });
            });
        } finally {
            p.stop();
            assertThat(p.awaitCompletion().succeeded()).isTrue();
        }
    }

    @Test
    void httpSourceAnswers503WhenTheQueueIsFullAndOverflowDrops() throws Exception {
        Pipeline p = TestPipeline.start("""
                system:
                  name: http_test
                  components:
                    - {name: in, type: Source, config: {variant: http, host: 127.0.0.1, port: 0, path: /ingest}}
                    # one record per fixed 3 s period from the start: n1 passes in the first, and the posts below
                    # must all come before the second begins (a machine-stalling margin; the stop then drains two periods)
                    - {name: slow, type: StreamProcessor, config: {variant: throttle, limit: 1, period: 3s, mode: delay}}
                    - {name: output, type: Sink, config: {variant: discard}}
                  bindings:
                    - {from: in.output, to: slow.input, capacity: 1, overflow: drop_newest}
                    - {from: slow.output, to: output.input}
                """);
        int port = port(p);
        try {
            assertThat(post(port, "{\"n\":1}").statusCode()).isEqualTo(202);
            await().atMost(ofSeconds(5)).until(() -> depth(p) == 0);
            assertThat(post(port, "{\"n\":2}").statusCode()).isEqualTo(202); // taken, then held by the throttle
            await().atMost(ofSeconds(5)).until(() -> depth(p) == 0);
            assertThat(post(port, "{\"n\":3}").statusCode()).isEqualTo(202); // fills the queue

            HttpResponse<String> refused = post(port, "{\"n\":4}");

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("queue full");
        } finally {
            p.stop();
            p.awaitCompletion();
        }
        assertThat(p.metrics().bindings().get(0).dropped()).isZero();
        assertThat(p.metrics().components().stream().filter(c -> c.name().equals("output")).findFirst().orElseThrow().recordsIn())
                .isEqualTo(3);
    }

    private static int depth(Pipeline p) {
        return p.metrics().bindings().get(0).depth();
    }
}
