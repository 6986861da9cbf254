package dev.blueprint.components.http;

import static dev.blueprint.components.Runs.lines;
import static dev.blueprint.components.Runs.yamlPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.blueprint.components.Runs;
import dev.blueprint.runtime.validate.Problem;
import dev.blueprint.testing.TestPipeline;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpSinkTest {
    @TempDir
    Path dir;

    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;

    /** A real server on a free port answering {@code status} and recording the bodies of 2xx requests. */
    private String serve(int status) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ingest", exchange -> {
            requests.incrementAndGet();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (status / 100 == 2) {
                bodies.add(body);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/ingest";
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String blueprint(String url, String extra) {
        return """
                system:
                  name: http_sink_test
                  components:
                    - {name: gen, type: Source, config: {rate: 0, count: 5, template: {n: "{{seq}}"}}}
                    - {name: post, type: Sink, config: {variant: http, url: "%s"%s}}
                    - {name: errors, type: Sink, config: {variant: file, path: %s}}
                  bindings:
                    - {from: gen.output, to: post.input}
                    - {from: post.errors, to: errors.input}
                """.formatted(url, extra, yamlPath(dir.resolve("errors.jsonl")));
    }

    @Test
    void httpSinkPostsEachRecord() throws Exception {
        Runs.Finished run = Runs.run(blueprint(serve(202), ""));

        assertThat(bodies).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}", "{\"n\":5}");
        assertThat(run.stats("post").recordsIn()).isEqualTo(5);
        assertThat(run.stats("post").errors()).isZero();
    }

    @Test
    void httpSinkPostsBatchesAsArrays() throws Exception {
        Runs.run(blueprint(serve(200), ", batch_size: 2"));

        assertThat(bodies).containsExactly("[{\"n\":1},{\"n\":2}]", "[{\"n\":3},{\"n\":4}]", "[{\"n\":5}]");
    }

    @Test
    void httpSinkRetriesAServerErrorThenSendsTheRecordsToErrors() throws Exception {
        Runs.Finished run = Runs.run(blueprint(serve(500), ", retries: 2, backoff: 10ms, batch_size: 5"));

        assertThat(requests.get()).isEqualTo(3);
        assertThat(lines(dir.resolve("errors.jsonl"))).hasSize(5).allSatisfy(e -> {
            assertThat(e.get("kind").asText()).isEqualTo("http_error");
            assertThat(e.get("error").asText()).contains("HTTP 500").contains("gave up after 2 retries");
        });
        assertThat(run.stats("post").recordsIn()).isEqualTo(5);
        assertThat(run.stats("post").errors()).isEqualTo(5);
    }

    @Test
    void httpSinkDoesNotRetryAClientError() throws Exception {
        Runs.Finished run = Runs.run(blueprint(serve(400), ", retries: 3, backoff: 10ms"));

        assertThat(requests.get()).isEqualTo(5);
        assertThat(run.stats("post").errors()).isEqualTo(5);
    }

    @Test
    void httpSinkCountsEveryRecordAsAnErrorWhenTheTargetIsDown() throws Exception {
        // port 1 (tcpmux): nothing listens there
        Runs.Finished run = Runs.run(blueprint("http://127.0.0.1:1/ingest", ", retries: 1, backoff: 10ms"));

        assertThat(lines(dir.resolve("errors.jsonl"))).extracting(e -> e.get("record").get("n").asInt()).containsExactly(1, 2, 3, 4, 5);
        assertThat(lines(dir.resolve("errors.jsonl")).get(0).get("error").asText()).contains("ConnectException");
        assertThat(run.stats("post").recordsIn()).isEqualTo(5);
        assertThat(run.stats("post").errors()).isEqualTo(5);
    }

    @Test
    void httpVariantNeedsAnHttpUrl() {
        List<Problem> problems = TestPipeline.problems(blueprint("ftp://example.com/x", ""));

        assertThat(problems).filteredOn(p -> p.format().contains("post.config.url")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("must be an http:// or https:// URL"));
    }
}
