package dev.blueprint.components.websocket.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP side of a WebSocket component, on its own port: {@code GET /health}, {@code /ready},
 * {@code /metrics} (Prometheus text) and {@code /} (a browser client).
 */
public final class HttpEndpoints {
    private static final String CLIENT_RESOURCE = "/dev/blueprint/components/websocket/http/client.html";

    /** What the endpoints report; called on the HTTP thread. */
    public interface Status {
        /** Open WebSocket connections. */
        int connectionCount();

        /** Listening, not draining, and every readiness check of the pipeline passes. */
        boolean ready();

        /** What the pipeline is waiting for: the names of the readiness checks that fail now. */
        default List<String> notReady() {
            return List.of();
        }

        /** The Prometheus exposition. */
        String metricsText();

        /** The URL the browser client connects to, e.g. {@code ws://localhost:8080/ws}. */
        String webSocketUrl();
    }

    private static final int HANDLER_THREADS = 4;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Status status;
    private final long startedNanos = System.nanoTime();
    private final String clientTemplate;

    private HttpEndpoints(HttpServer server, ExecutorService executor, Status status) {
        this.server = server;
        this.executor = executor;
        this.status = status;
        this.clientTemplate = loadClient();
    }

    /** Binds and starts serving. */
    public static HttpEndpoints start(String componentName, InetSocketAddress address, Status status) throws IOException {
        HttpServer server = HttpServer.create(address, 64);
        // a few threads, so that one slow request (a large admin upload, a client that reads slowly) does not
        // hold up the health and readiness probes behind it
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(HANDLER_THREADS, r -> {
            Thread t = new Thread(r, "blueprint-" + componentName + "-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        HttpEndpoints endpoints = new HttpEndpoints(server, executor, status);
        server.createContext("/", endpoints::handle);
        server.start();
        return endpoints;
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Serves {@code path} and everything under it with {@code handler} (the admin API). */
    public void route(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    /** Stops serving at once. */
    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                reply(ex, 405, "text/plain; charset=utf-8", "only GET is supported\n");
                return;
            }
            switch (ex.getRequestURI().getPath()) {
                case "/health" -> reply(ex, 200, "application/json", "{\"status\":\"healthy\",\"connections\":"
                        + status.connectionCount() + ",\"uptime_seconds\":" + (System.nanoTime() - startedNanos) / 1_000_000_000L
                        + waitingFor(status.notReady()) + "}");
                case "/ready" -> {
                    boolean ready = status.ready();
                    reply(ex, ready ? 200 : 503, "application/json",
                            ready ? "{\"status\":\"ready\"}" : "{\"status\":\"not_ready\"" + waitingFor(status.notReady()) + "}");
                }
                case "/metrics" -> reply(ex, 200, "text/plain; version=0.0.4; charset=utf-8", status.metricsText());
                case "/", "/index.html" -> reply(ex, 200, "text/html; charset=utf-8",
                        clientTemplate.replace("{{ws_url}}", status.webSocketUrl()));
                default -> reply(ex, 404, "text/plain; charset=utf-8", "not found; try /health, /ready, /metrics or /\n");
            }
        }
    }

    /** {@code ,"not_ready":["..."]} naming the failing readiness checks; empty when there are none. */
    private static String waitingFor(List<String> notReady) {
        if (notReady.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(",\"not_ready\":[");
        for (int i = 0; i < notReady.size(); i++) {
            sb.append(i == 0 ? "\"" : ",\"").append(notReady.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return sb.append(']').toString();
    }

    private static void reply(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String loadClient() {
        try (InputStream in = HttpEndpoints.class.getResourceAsStream(CLIENT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + CLIENT_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
