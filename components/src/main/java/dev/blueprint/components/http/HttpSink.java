package dev.blueprint.components.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.blueprint.api.Acknowledgement;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Record;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs records as JSON to {@code url}: each record alone, or JSON arrays of up to {@code batch_size}
 * (a partial batch goes after 1 s and when the inputs end). A connection error, timeout, 5xx or 429 is
 * retried {@code retries} times with the {@code backoff} pauses; another 4xx is not retried. Records of a
 * POST that finally failed are counted as errors ({@code http_error}) and sent to {@code errors} when bound (then they count
 * as handled), else given back to their sources as failed, which deliver them again. Posting
 * happens on the component's thread, so a slow target slows the pipeline down rather than piling up.
 */
final class HttpSink implements Component {
    private static final Logger log = LoggerFactory.getLogger(HttpSink.class);
    private final HttpSinkConfig config;
    private final URI uri;
    private final List<Record> batch = new ArrayList<>();
    private final List<Acknowledgement> holds = new ArrayList<>();
    private ComponentContext context;
    private HttpClient client;
    private long batchStarted;

    HttpSink(HttpSinkConfig config) {
        this.config = config;
        this.uri = URI.create(config.url());
    }

    @Override
    public void start(ComponentContext context) {
        this.context = context;
        context.written(0); // a sink: the summary says written= and unwritten= for it even when nothing got out
        this.client = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
        if (config.batchSize() > 1) {
            context.schedule(Duration.ofMillis(250), () -> {
                if (!batch.isEmpty() && System.nanoTime() - batchStarted >= 1_000_000_000L) {
                    flush();
                }
            });
        }
        log.info("{} - posting to {}", context.name(), uri);
    }

    @Override
    public void onRecord(String input, Record record) {
        if (batch.isEmpty()) {
            batchStarted = System.nanoTime();
        }
        batch.add(record);
        holds.add(context.hold()); // a batched record is handled once its POST went through
        if (batch.size() >= config.batchSize()) {
            flush();
        }
    }

    @Override
    public void onInputsEnded() {
        flush();
    }

    private void flush() {
        if (batch.isEmpty()) {
            return;
        }
        String body;
        if (config.batchSize() == 1) {
            body = batch.get(0).value().toString();
        } else {
            ArrayNode array = context.json().createArrayNode();
            batch.forEach(r -> array.add(r.value()));
            body = array.toString();
        }
        try {
            post(body);
            context.written(batch.size());
            holds.forEach(Acknowledgement::release);
        } catch (IOException e) {
            giveUp(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            giveUp(e);
        } finally {
            batch.clear();
            holds.clear();
        }
    }

    /** The POST failed for good: each record goes to errors when bound (handled there), else back to its source as failed. */
    private void giveUp(Exception e) {
        for (int i = 0; i < batch.size(); i++) {
            context.giveUp(batch.get(i), holds.get(i), "http_error", e);
        }
    }

    private void post(String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        for (int attempt = 0;; attempt++) {
            String failure;
            IOException cause = null;
            int status = 0;
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                if (status / 100 == 2) {
                    return;
                }
                failure = "HTTP " + status + " from " + uri + ": " + abbreviate(response.body());
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + " posting to " + uri + (e.getMessage() == null ? "" : ": " + e.getMessage());
                cause = e;
            }
            if (status / 100 == 4 && status != 429) {
                throw new IOException(failure + " (not retried)");
            }
            if (attempt >= config.retries()) {
                throw new IOException(failure + " (gave up after " + config.retries() + " retries)", cause);
            }
            long pause = config.backoff().delay(attempt).toMillis();
            log.debug("{} - {}; retry {} in {} ms", context.name(), failure, attempt + 1, pause);
            Thread.sleep(pause);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
