package dev.blueprint.components.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.ComponentInitializationException;
import dev.blueprint.api.Output;
import dev.blueprint.api.Record;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP endpoint: each POSTed JSON body becomes a record, a JSON array one record per element.
 * Answers 202 when accepted, 400 for invalid JSON (also counted and sent to errors as {@code bad_request}),
 * 405 for other methods, 413 above {@code max_body_bytes}, 503 when the output would drop the records
 * (a full queue under {@code drop_oldest}/{@code drop_newest}). Under {@code block} a full queue holds the
 * request until there is room.
 */
final class HttpSource implements Component {
    private static final Logger log = LoggerFactory.getLogger(HttpSource.class);
    private final SourceConfig config;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private ComponentContext context;
    private HttpServer server;
    private ExecutorService executor;

    HttpSource(SourceConfig config) {
        this.config = config;
    }

    @Override
    public void start(ComponentContext context) {
        this.context = context;
        try {
            server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        } catch (IOException e) {
            throw new ComponentInitializationException(context.name() + ": cannot listen on " + config.host() + ":"
                    + config.port() + ": " + e.getMessage() + " (is the port in use? choose another port)", e);
        }
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "blueprint-" + context.name() + "-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(config.path(), this::handle);
        server.start();
        log.info("{} - listening on http://{}:{}{}", context.name(), config.host(), server.getAddress().getPort(), config.path());
    }

    @Override
    public void run() throws InterruptedException {
        stopped.await();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "POST");
                respond(exchange, 405, "{\"error\":\"use POST with a JSON body\"}");
                return;
            }
            byte[] body = readBody(exchange.getRequestBody(), config.maxBodyBytes().bytes());
            if (body == null) {
                respond(exchange, 413, "{\"error\":\"body larger than " + config.maxBodyBytes() + "\"}");
                return;
            }
            JsonNode value;
            try {
                value = context.json().readTree(body);
                if (value == null || value.isMissingNode()) {
                    throw new IllegalArgumentException("empty body");
                }
            } catch (JsonProcessingException | IllegalArgumentException e) {
                String raw = new String(body, StandardCharsets.UTF_8);
                context.reportError(new Record(TextNode.valueOf(raw), 0, context.name(), System.currentTimeMillis()), "bad_request", e);
                respond(exchange, 400, context.json().createObjectNode().put("error", "invalid JSON: " + firstLine(e.getMessage())).toString());
                return;
            }
            Output out = context.output();
            if (context.isStopping()) {
                respond(exchange, 503, "{\"error\":\"shutting down\"}");
                return;
            }
            if (out.wouldDrop()) {
                respond(exchange, 503, "{\"error\":\"queue full, retry later\"}");
                return;
            }
            int accepted = 0;
            if (value.isArray()) {
                for (JsonNode element : value) {
                    out.emit(element);
                    accepted++;
                }
            } else {
                out.emit(value);
                accepted = 1;
            }
            respond(exchange, 202, "{\"accepted\":" + accepted + "}");
        }
    }

    private static String firstLine(String message) {
        int nl = message == null ? -1 : message.indexOf('\n');
        return nl < 0 ? String.valueOf(message) : message.substring(0, nl);
    }

    /** The body, or null when it is longer than {@code max}. */
    private static byte[] readBody(InputStream in, long max) throws IOException {
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        return body.length > max ? null : body;
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(bytes);
        }
    }

    @Override
    public void stop() {
        stopped.countDown();
    }

    @Override
    public void close() throws InterruptedException {
        if (server != null) {
            server.stop(0);
        }
        if (executor != null) {
            executor.shutdown();
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                log.warn("{} - HTTP handlers did not finish within 2s", context.name());
            }
        }
    }
}
