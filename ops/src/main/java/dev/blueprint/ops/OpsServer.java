package dev.blueprint.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.transport.HostPolicy;
import dev.blueprint.transport.HttpRefusal;
import dev.blueprint.transport.HttpReply;
import dev.blueprint.transport.HttpRequest;
import dev.blueprint.transport.HttpRoute;
import dev.blueprint.transport.HttpRoutes;
import dev.blueprint.transport.RequestHead;
import dev.blueprint.transport.Link;
import dev.blueprint.transport.Transport;
import dev.blueprint.transport.TransportConfig;
import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.runtime.inspect.PipelineRates;
import dev.blueprint.api.Redaction;
import dev.blueprint.runtime.inspect.Tap;
import dev.blueprint.runtime.metrics.PipelineMeters;
import dev.blueprint.runtime.model.ComponentDecl;
import dev.blueprint.runtime.model.OpsAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The ops endpoints of one run, on their own port: {@code /health}, {@code /ready}, {@code /metrics} (every meter of
 * the run), {@code /} (the live pipeline page), {@code /api/pipeline}, {@code /api/stats},
 * {@code /api/components/NAME} and the {@code /live} WebSocket pushing each second's counters to open pages.
 * Reading the counters costs the pipeline nothing: they are read once a second by one timer thread.
 *
 * <p>Every endpoint answers only the Host names of {@link HostPolicy} (DNS rebinding); all but {@code /health} and
 * {@code /ready} need the token of {@link OpsAccess} when it has one. A request whose serving fails (even out of
 * memory) gets 500 alone: {@code /health} reports the pipeline, not the ops server's last request.
 */
public final class OpsServer implements AutoCloseable {
    private static final String PAGE = "/dev/blueprint/ops/pipeline.html";
    private static final Duration TICK = Duration.ofSeconds(1);

    /** The pipeline served, with what is derived from it; replaced whole when a reload swaps pipelines. */
    private record Served(Pipeline pipeline, PipelineRates rates, String graph, int generation) {
        static Served of(Pipeline pipeline, int generation) {
            return new Served(pipeline, new PipelineRates(pipeline.metrics()), PipelineJson.graph(pipeline), generation);
        }
    }

    private volatile Served served;
    private final LiveFeed feed;
    private final ScheduledExecutorService timer;
    private final String page;
    private volatile String stats;
    /** Why the ops server itself cannot serve, or null: shown on /health, which still reports the pipeline's state. */
    private volatile String opsFailure;
    private final OpsAccess access;
    private final OpsRefusals refusals = new OpsRefusals();
    private Transport<Link> transport;

    private OpsServer(Pipeline pipeline, OpsAccess access) {
        this.served = Served.of(pipeline, 1);
        this.access = access;
        this.feed = new LiveFeed(access, refusals, why -> opsFailure = "the ops server's I/O failed: " + why);
        refusals.exposeIn(pipeline.meters().registry());
        this.page = resource(PAGE);
        this.stats = PipelineJson.stats(pipeline, served.rates().sample(), 0, 1);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "blueprint-ops");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Listens on {@code address} and serves {@code pipeline}.
     *
     * @throws IOException when the port cannot be bound ({@code cannot listen on host:port: ...})
     */
    public static OpsServer start(Pipeline pipeline, OpsAddress address, OpsAccess access) throws IOException {
        OpsServer server = new OpsServer(pipeline, access);
        // small limits: the ops pages send nothing bigger than a request line, and /live sends no messages
        TransportConfig config = TransportConfig.builder("ops", address.host(), address.port())
                .maxMessageSize(4096).maxBodyBytes(4096).hosts(HostPolicy.of(address.allowedHosts(), address.host())).build();
        try {
            server.transport = Transport.start(config, server.feed, server.routes());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS is configured on the ops port", e);
        }
        access.bound(server.transport.address().getPort());
        server.feed.attach(server.transport);
        server.timer.scheduleAtFixedRate(server::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        return server;
    }

    /**
     * Serves {@code next} from now on ({@code run --watch} replaced the pipeline). Open pages keep their connection;
     * they notice the new graph by its components when they reload it.
     */
    public void follow(Pipeline next) {
        served = Served.of(next, served.generation() + 1);
        refusals.exposeIn(next.meters().registry());
    }

    /** The bound port (useful with port 0). */
    public java.net.InetSocketAddress address() {
        return transport.address();
    }

    /** The bound port. */
    public int port() {
        return transport.address().getPort();
    }

    private void tick() {
        try {
            Served now = served;
            Pipeline pipeline = now.pipeline();
            PipelineRates.Snapshot snapshot = now.rates().sample();
            for (PipelineRates.ComponentRate c : snapshot.components()) {
                for (Tap tap : pipeline.taps(c.name()).values()) {
                    tap.tick(c.outPerSecond());
                }
            }
            stats = PipelineJson.stats(pipeline, snapshot, feed.connections(), now.generation());
            feed.publish(stats);
        } catch (RuntimeException e) {
            // a failing tick must not end the timer: the next one tries again
            org.slf4j.LoggerFactory.getLogger(OpsServer.class).warn("ops - cannot sample the pipeline's counters: {}", e.toString());
        }
    }

    private HttpRoutes routes() {
        return new HttpRoutes()
                .exact("/health", r -> HttpReply.forGet(r, this::health))
                .exact("/ready", r -> HttpReply.forGet(r, this::ready))
                .exact("/metrics", guarded(false, r -> new HttpReply(200, PipelineMeters.CONTENT_TYPE, Map.of(),
                        utf8(served.pipeline().meters().scrape()))))
                .exact("/", guarded(true, r -> new HttpReply(200, "text/html; charset=utf-8", Map.of(), utf8(page))))
                .exact("/api/pipeline", guarded(false, r -> HttpReply.json(200, served.graph())))
                .exact("/api/stats", guarded(false, r -> HttpReply.json(200, stats)))
                .prefix("/api/components/", guarded(false, this::component))
                .fallback(guarded(false, r -> HttpReply.text(404,
                        "not found; try / (the pipeline page), /health, /ready, /metrics, /api/pipeline, /api/stats\n")));
    }

    /** A GET endpoint for token holders only (when the server has a token); a page trades a {@code ?token=} for a cookie. */
    private HttpRoute guarded(boolean page, java.util.function.Function<HttpRequest, HttpReply> answer) {
        return new HttpRoute() {
            @Override
            public HttpReply handle(HttpRequest r) {
                return access.remember(r, HttpReply.forGet(r, () -> answer.apply(r)), page);
            }

            @Override
            public Optional<HttpRefusal> admit(RequestHead head) {
                return access.admit(head);
            }
        };
    }

    /**
     * The pipeline's health: healthy while it runs or drains, failing once it failed. The ops server's own trouble is
     * named in {@code ops} but does not fail it: a liveness probe must not restart a pipeline that serves.
     */
    private HttpReply health() {
        Optional<String> failed = served.pipeline().failure();
        String ops = opsFailure;
        ObjectNode body = status(failed.isEmpty() ? "healthy" : "failing");
        failed.ifPresent(f -> body.put("failure", Redaction.cleanText(f)));
        if (ops != null) {
            body.put("ops", ops);
        }
        return json(failed.isEmpty() ? 200 : 503, body);
    }

    private HttpReply ready() {
        Pipeline pipeline = served.pipeline();
        List<String> waiting = pipeline.readiness().notReady();
        if (pipeline.isStopping()) {
            return json(503, status("stopping"));
        }
        if (!pipeline.hasStarted()) {
            // the server answers before the components have started (and registered what they wait for)
            return json(503, status("starting"));
        }
        if (!waiting.isEmpty()) {
            return json(503, status("not_ready").set("not_ready", PipelineJson.MAPPER.valueToTree(waiting)));
        }
        return json(200, status("ready"));
    }

    private HttpReply component(HttpRequest r) {
        Pipeline pipeline = served.pipeline();
        String name = r.path().substring("/api/components/".length()); // the transport decoded the path
        Optional<ComponentDecl> c = pipeline.blueprint().component(name);
        return c.map(decl -> HttpReply.json(200, PipelineJson.component(pipeline, decl)))
                .orElseGet(() -> json(404, PipelineJson.MAPPER.createObjectNode().put("error", "no component named " + name)));
    }

    private static ObjectNode status(String status) {
        return PipelineJson.MAPPER.createObjectNode().put("status", status);
    }

    private static HttpReply json(int status, JsonNode body) {
        try {
            return new HttpReply(status, "application/json", Map.of(), PipelineJson.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String resource(String path) {
        try (InputStream in = OpsServer.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (transport != null) {
            transport.close();
        }
    }
}
