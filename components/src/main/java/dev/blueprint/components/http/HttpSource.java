package dev.blueprint.components.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.transport.BoundAddress;
import dev.blueprint.transport.HttpRefusal;
import dev.blueprint.transport.HttpReply;
import dev.blueprint.transport.HttpRoute;
import dev.blueprint.transport.OriginPolicy;
import dev.blueprint.transport.RequestHead;
import dev.blueprint.transport.Violation;
import java.util.Locale;
import java.util.Optional;
import dev.blueprint.transport.HttpRequest;
import dev.blueprint.transport.HttpRoutes;
import dev.blueprint.transport.Transport;
import dev.blueprint.transport.TransportConfig;
import java.util.Map;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.ComponentInitializationException;
import dev.blueprint.api.Output;
import dev.blueprint.api.Record;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP endpoint: each POSTed JSON body becomes a record, a JSON array one record per element.
 * Refused on the headers, before the body is read: 403 for a browser origin not in {@code allowed_origins}, 415 for
 * a {@code Content-Type} not in {@code content_types}, 405 for other methods, 413 for a declared length above
 * {@code max_body_bytes}. Answers 202 when accepted, 400 for invalid JSON (also counted and sent to errors as {@code bad_request}),
 * 413 above {@code max_body_bytes}, 503 when the output would drop the records
 * (a full queue under {@code drop_oldest}/{@code drop_newest}). Under {@code block} a full queue holds the
 * request until there is room.
 */
final class HttpSource implements Component {
    /** Writes the answers (only): JSON bodies are Jackson's to escape, never hand-built. */
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(HttpSource.class);
    private final HttpSourceConfig config;
    private final OriginPolicy origins;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private ComponentContext context;
    private Transport<Object> server;

    HttpSource(HttpSourceConfig config) {
        this.config = config;
        this.origins = OriginPolicy.only(config.allowedOrigins());
    }

    @Override
    public void start(ComponentContext context) {
        this.context = context;
        HttpRoute ingest = new HttpRoute() {
            @Override
            public Optional<HttpRefusal> admit(RequestHead head) {
                return HttpSource.this.admit(head);
            }

            @Override
            public HttpReply handle(HttpRequest request) throws InterruptedException {
                return HttpSource.this.handle(request);
            }
        };
        HttpRoutes routes = new HttpRoutes().prefix(config.path(), ingest)
                .fallback(r -> error(404, "not found: POST to " + config.path()));
        // the same Netty HTTP stack as the WebSocket server: a client that trickles its request or never reads
        // the answer is timed out (the transport's default 10 s), and stalled connections never hold up the others
        TransportConfig transport = TransportConfig.builder(context.name(), config.host(), config.port())
                .maxBodyBytes(config.maxBodyBytes().bytes() + 1).maxBufferedBodyBytes(config.maxBufferedBodyBytes().bytes())
                .threads(1, 4).build();
        RefusalCounters refused = new RefusalCounters(context.meterRegistry(), context.name());
        try {
            server = Transport.startHttp(transport, routes, (what, cause) ->
                    context.fail(new java.io.IOException(context.name() + ": the HTTP server cannot go on: " + what, cause)), refused::count);
        } catch (java.io.IOException e) {
            if (e instanceof dev.blueprint.transport.PortInUseException p) {
                throw new ComponentInitializationException("port " + p.port() + " is already in use by another process; set "
                        + context.name() + ".port (0 picks a free port)", e);
            }
            throw new ComponentInitializationException(context.name() + ": " + e.getMessage(), e);
        }
        context.listening("port", server.address().getPort());
        log.info("{} - listening on http://{}{}", context.name(), BoundAddress.describe(server.address()), config.path());
    }

    @Override
    public void run() throws InterruptedException {
        stopped.await();
    }

    /**
     * Decides on the headers, before the body is read: the method, the browser origin (a page on another site must
     * not inject records), the content type (a browser form or text/plain POST needs no preflight) and the declared size.
     */
    private Optional<HttpRefusal> admit(RequestHead head) {
        if (!"POST".equals(head.method())) {
            return refuse(Violation.METHOD, head.method() + " " + head.path(), error(405, "use POST with a JSON body")
                    .withHeader("Allow", "POST"));
        }
        String origin = head.headers().get("Origin");
        if (!origins.allows(origin, null, p -> false)) {
            return refuse(Violation.ORIGIN, "origin " + origin, error(403, "origin " + origin
                    + " is not allowed: list it in " + context.name() + ".allowed_origins"));
        }
        String type = head.headers().get("Content-Type");
        if (type != null && !acceptsType(type)) {
            return refuse(Violation.CONTENT_TYPE, "Content-Type " + type, error(415,
                    "Content-Type " + type + " is not accepted: send " + String.join(" or ", config.contentTypes())
                            + ", or list it in " + context.name() + ".content_types"));
        }
        if (head.contentLength() > config.maxBodyBytes().bytes()) {
            return refuse(Violation.BODY_TOO_LARGE, "declared " + head.contentLength() + " bytes",
                    error(413, "body larger than " + config.maxBodyBytes()));
        }
        return Optional.empty();
    }

    private boolean acceptsType(String contentType) {
        int semicolon = contentType.indexOf(';');
        String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        return config.contentTypes().contains("*") || config.contentTypes().contains(media);
    }

    private static Optional<HttpRefusal> refuse(Violation v, String detail, HttpReply reply) {
        return Optional.of(new HttpRefusal(v, detail, reply));
    }

    private HttpReply handle(HttpRequest request) throws InterruptedException {
        byte[] body = request.body();
        if (body.length > config.maxBodyBytes().bytes()) {
            return error(413, "body larger than " + config.maxBodyBytes());
        }
        JsonNode value;
        try {
            value = context.json().readTree(body);
            if (value == null || value.isMissingNode()) {
                throw new IllegalArgumentException("empty body");
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            String raw = new String(body, StandardCharsets.UTF_8);
            context.reportError(new Record(TextNode.valueOf(raw), 0, context.name(), System.currentTimeMillis()), "bad_request", e);
            return error(400, "invalid JSON: " + firstLine(e.getMessage()));
        }
        Output out = context.output();
        if (context.isStopping()) {
            return error(503, "shutting down");
        }
        if (out.wouldDrop()) {
            return error(503, "queue full, retry later");
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
        return json(202, JSON.createObjectNode().put("accepted", accepted));
    }

    /** {@code {"error": message}}. */
    private static HttpReply error(int status, String message) {
        return json(status, JSON.createObjectNode().put("error", message));
    }

    private static HttpReply json(int status, JsonNode body) {
        try {
            return new HttpReply(status, "application/json", Map.of(), JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    private static String firstLine(String message) {
        int nl = message == null ? -1 : message.indexOf('\n');
        return nl < 0 ? String.valueOf(message) : message.substring(0, nl);
    }

    /** The bound port (useful with {@code port: 0}). */
    int port() {
        return server == null ? 0 : server.address().getPort();
    }

    @Override
    public void stop() {
        stopped.countDown();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close(); // lets requests being emitted finish (bounded), then closes every connection
        }
    }
}
