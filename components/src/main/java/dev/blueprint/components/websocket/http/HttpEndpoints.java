package dev.blueprint.components.websocket.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.transport.HttpReply;
import dev.blueprint.transport.HttpRequest;
import dev.blueprint.transport.HttpRoutes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The HTTP endpoints of a WebSocket component, served beside the WebSocket path: {@code GET /health},
 * {@code /ready}, {@code /metrics} (Prometheus text) and {@code /} (the live dashboard: a browser client that
 * charts the numeric fields of what it receives), with its charting library under {@code /assets/}.
 */
public final class HttpEndpoints {
    private static final String CLIENT_RESOURCE = "/dev/blueprint/components/websocket/http/client.html";
    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    /** What the endpoints report; called on an HTTP worker thread. */
    public interface Status {
        /** Open WebSocket connections. */
        int connectionCount();

        /** Listening and accepting, not draining, not failed, and every readiness check of the pipeline passes. */
        boolean ready();

        /** What the pipeline is waiting for: the names of the readiness checks that fail now. */
        default List<String> notReady() {
            return List.of();
        }

        /** Why the server cannot serve (an I/O thread out of memory, the listener lost), or null while it can. */
        default String failure() {
            return null;
        }

        /** The Prometheus exposition. */
        String metricsText();

        /** The URL the browser client connects to, e.g. {@code ws://localhost:8080/ws}. */
        String webSocketUrl();
    }

    private final Status status;
    private final long startedNanos = System.nanoTime();
    private final String clientTemplate;
    private final DashboardAssets assets;

    private HttpEndpoints(Status status) {
        this.status = status;
        this.clientTemplate = loadClient();
        this.assets = DashboardAssets.load();
    }

    /** Serves the endpoints on {@code routes}; what no route serves gets 404 naming the endpoints. */
    public static void mount(HttpRoutes routes, Status status) {
        HttpEndpoints e = new HttpEndpoints(status);
        mountMetrics(routes, status);
        routes.exact("/health", e::health)
                .exact("/ready", e::ready)
                .exact("/", e::client)
                .exact("/index.html", e::client)
                .exact(DashboardAssets.SCRIPT_PATH, r -> HttpReply.forGet(r, e.assets::script))
                .exact(DashboardAssets.STYLE_PATH, r -> HttpReply.forGet(r, e.assets::style))
                .fallback(r -> HttpReply.forGet(r, () -> HttpReply.text(404, "not found; try /health, /ready, /metrics or /\n")));
    }

    /** Serves {@code GET /metrics} (Prometheus text) on {@code routes}: alone on a metrics port, or with the rest. */
    public static void mountMetrics(HttpRoutes routes, Status status) {
        routes.exact("/metrics", r -> HttpReply.forGet(r, () -> new HttpReply(200, PROMETHEUS, Map.of(), utf8(status.metricsText()))));
    }

    private HttpReply health(HttpRequest r) {
        return HttpReply.forGet(r, () -> {
            String failure = status.failure();
            ObjectNode body = JsonReply.object().put("status", failure == null ? "healthy" : "failing")
                    .put("connections", status.connectionCount())
                    .put("uptime_seconds", (System.nanoTime() - startedNanos) / 1_000_000_000L);
            return JsonReply.of(failure == null ? 200 : 503, withReasons(body, status.notReady(), failure));
        });
    }

    private HttpReply ready(HttpRequest r) {
        return HttpReply.forGet(r, () -> {
            if (status.ready()) {
                return JsonReply.of(200, JsonReply.object().put("status", "ready"));
            }
            return JsonReply.of(503, withReasons(JsonReply.object().put("status", "not_ready"), status.notReady(), status.failure()));
        });
    }

    /** {@code body} with {@code not_ready} naming the failing readiness checks (when there are any) and the failure (when there is one). */
    private static ObjectNode withReasons(ObjectNode body, List<String> notReady, String failure) {
        if (!notReady.isEmpty()) {
            ArrayNode waiting = body.putArray("not_ready");
            notReady.forEach(waiting::add);
        }
        if (failure != null) {
            body.put("failure", failure);
        }
        return body;
    }

    private HttpReply client(HttpRequest r) {
        return HttpReply.forGet(r, () -> new HttpReply(200, "text/html; charset=utf-8", Map.of(),
                utf8(clientTemplate.replace("{{ws_url}}", status.webSocketUrl()))));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
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
