package dev.blueprint.components.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.ComponentInitializationException;
import dev.blueprint.api.Output;
import dev.blueprint.api.Record;
import dev.blueprint.api.Reloadable;
import dev.blueprint.components.jq.JqExpression;
import dev.blueprint.components.payload.Payloads;
import dev.blueprint.components.websocket.auth.Authenticator;
import dev.blueprint.components.websocket.http.AdminEndpoints;
import dev.blueprint.components.websocket.http.HttpEndpoints;
import dev.blueprint.transport.BoundAddress;
import dev.blueprint.transport.HostPolicy;
import dev.blueprint.transport.HttpReply;
import dev.blueprint.transport.HttpRoutes;
import dev.blueprint.transport.PortInUseException;
import dev.blueprint.transport.Transport;
import dev.blueprint.transport.TransportConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket server in a pipeline: broadcasts its input to clients with a delivery report per record,
 * and emits what clients send and do on {@code messages} and {@code events}.
 *
 * <p>An application that embeds a pipeline reaches the open connections through the public methods
 * below ({@link #connections()}, {@link #send}, {@link #broadcast}, {@link #close(String)}), the same
 * operations as the admin HTTP API: get the component with
 * {@code pipeline.component("websocket_server", WebSocketComponent.class)}. They may be called from any
 * thread once the pipeline has started; before that, and after the component has closed, there are no
 * connections.
 */
public final class WebSocketComponent implements Reloadable, HttpEndpoints.Status {
    private static final Logger log = LoggerFactory.getLogger(WebSocketComponent.class);
    /** Messages under 1 KiB are sent uncompressed even to clients that negotiated compression: not worth a deflate. */
    private static final int COMPRESSION_THRESHOLD = 1024;

    private final WebSocketConfig config;
    private final WebSocketMetrics metrics = new WebSocketMetrics();
    private volatile CountDownLatch stopped = new CountDownLatch(1);
    private ComponentContext context;
    private ContextSwitch contextSwitch;
    private ConnectionRegistry registry;
    private HandshakeGate gate;
    private BroadcastHub hub;
    private volatile ConnectionOperations operations;
    private ClusterBus cluster;
    /** Channel subscriptions, offsets and history; null with channel_field: "". */
    private Channels channels;
    private ClientGateway gateway;
    private InboundQueue inbound;
    private Transport<Connection> transport;
    private ScheduledExecutorService timers;
    private InetSocketAddress address;
    private Output reports;
    private volatile boolean listening;
    private volatile boolean draining;
    private volatile String failure;
    private JqExpression errorCode;

    WebSocketComponent(WebSocketConfig config) {
        this.config = config;
    }

    @Override
    public void start(ComponentContext pipelineContext) throws Exception {
        // through a switch: a reload (run --watch) that keeps this server hands it the next pipeline's context
        this.contextSwitch = new ContextSwitch(pipelineContext);
        ComponentContext context = contextSwitch;
        this.context = context;
        this.reports = context.output();
        String name = context.name();
        log.debug("{} - config {}", name, dev.blueprint.api.Redaction.describe(config));
        registry = new ConnectionRegistry(config.maxConnections());
        errorCode = config.errorCode() == null ? null : JqExpression.compile(config.errorCode());
        Authenticator authenticator;
        try {
            authenticator = new Authenticator(config.auth(), context.blueprintDirectory());
        } catch (IllegalArgumentException e) {
            throw new ComponentInitializationException(name + ".auth." + e.getMessage(), e);
        }
        gate = new HandshakeGate(PathTemplate.parse(config.path()), config.allowedOrigins(), this::isOwnPort, authenticator, registry,
                config.channels());
        timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "blueprint-" + name + "-timer");
            t.setDaemon(true);
            return t;
        });
        metrics.bind(context.meterRegistry(), name, this, WebSocketComponent::connectionCount, this::acceptFailures);
        hub = new BroadcastHub(name, config.maxPendingBytes().bytes(), config.slowConsumer(), metrics);
        gateway = new ClientGateway(name, gate, registry, metrics, new MessageRateLimit(config.maxMessageRate()), this::onFatal);
        inbound = new InboundQueue(name, new ClientEvents(context, metrics, config.maxMessageSize().bytes(), config.parseJson(),
                registry::size), config.maxMessageSize().bytes());
        // bound, messages over max_message_rate are answered by the pipeline; unbound, the client is closed
        gateway.attach(inbound, context.output("rate_limited").isBound());
        if (config.channels()) {
            channels = new Channels(hub, context.json(), metrics, config.history(), config.enveloped());
            gateway.attachChannels(channels, config.subscriptionMode() == WebSocketConfig.Subscriptions.MESSAGES
                    ? new ChannelMessages(channels, context.json(), hub, inbound) : null);
        }
        operations = new ConnectionOperations(name, registry, hub, metrics, channels);
        HttpRoutes routes = routes(name);
        if (config.cluster() != null) {
            cluster = ClusterBus.start(context, config.cluster(), hub, registry, channels, config.history());
            if (channels != null) {
                // offsets, epochs and history in Redis: a client recovers on whichever instance it reconnects to
                channels.shareThrough(cluster.history(), (c, s) -> {
                    if (s.subscribed()) {
                        inbound.subscription(c, s.reply().path("channel").asText(), true, s.reply().path("offset").asLong());
                    }
                });
            }
        }
        // the metrics port serves /metrics alone: a scraper there reaches nothing else
        HttpRoutes metricsRoutes = new HttpRoutes().fallback(r -> HttpReply.text(404, "only /metrics here\n"));
        HttpEndpoints.mountMetrics(metricsRoutes, this);
        try {
            transport = Transport.start(transportConfig(name, context.blueprintDirectory()), gateway, routes, metricsRoutes);
        } catch (PortInUseException e) {
            throw new ComponentInitializationException("port " + e.port() + " is already in use by another process; set " + name + "."
                    + portKey(e.port()) + " (0 picks a free port)", e);
        }
        hub.attach(transport);
        address = transport.address();
        listening = true;
        reportPorts(pipelineContext);
        Heartbeat heartbeat = new Heartbeat(name, registry, metrics, config.heartbeatInterval(), config.heartbeatTimeout(),
                config.idleTimeout());
        if (heartbeat.active()) {
            long period = heartbeat.tickPeriod().toNanos();
            timers.scheduleAtFixedRate(heartbeat, period, period, TimeUnit.NANOSECONDS);
        }
        // the real bound address: 0.0.0.0 says "every interface", which localhost would hide
        String bound = BoundAddress.describe(address);
        String base = "://" + bound;
        log.info("{} - listening on {} ({})", name, webSocketUrl().replace("//HOST:" + address.getPort(), "//" + bound), transport.kind());
        if (config.httpEnabled()) {
            String http = (config.tls() == null ? "http" : "https") + base;
            log.info("{} - HTTP on {}/ (live dashboard; /health /ready /metrics)", name, http);
            transport.httpAddress().ifPresent(a -> log.info("{} - HTTP also on http://{}/", name, BoundAddress.describe(a)));
            transport.metricsAddress().ifPresent(a -> log.info("{} - metrics on http://{}/metrics", name, BoundAddress.describe(a)));
            if (config.admin().enabled()) {
                log.info("{} - admin API on {}/connections and /broadcast (bearer token required)", name, http);
                warnIfReachable(name);
            }
        }
    }

    /** One WARN when the admin API can be reached from other machines: who can, and what protects it. */
    private void warnIfReachable(String name) {
        List<String> open = new java.util.ArrayList<>();
        if (!BoundAddress.isLoopback(address)) {
            open.add(BoundAddress.describe(address));
        }
        transport.httpAddress().filter(a -> !BoundAddress.isLoopback(a)).ifPresent(a -> open.add(BoundAddress.describe(a)));
        if (open.isEmpty()) {
            return;
        }
        String who = open.stream().anyMatch(a -> a.startsWith("0.0.0.0:") || a.startsWith("[::]:")) ? "every interface: anyone who can reach "
                + "this machine" : "anyone who can reach that address";
        log.warn("{} - the admin API (connections, send, close, broadcast) listens on {}, {}; only its bearer token protects it{}. "
                + "Bind host: 127.0.0.1, or keep the port behind a firewall", name, String.join(" and ", open), who,
                config.tls() == null ? ", and without tls the token crosses the network in clear" : "");
    }

    private HttpRoutes routes(String name) {
        HttpRoutes routes = new HttpRoutes();
        if (config.httpEnabled()) {
            HttpEndpoints.mount(routes, this);
            if (config.admin().enabled()) {
                AdminEndpoints.mount(routes, name, config.admin(), config.maxPendingBytes().bytes(), operations);
            }
        } else {
            routes.fallback(r -> HttpReply.text(404,
                    "no HTTP endpoints here (http_port: 0); WebSocket clients connect to " + PathTemplate.parse(config.path()).example() + "\n"));
        }
        return routes;
    }

    /** Whether this server listens on {@code port}: its pages there may open WebSockets here. */
    private boolean isOwnPort(int port) {
        Transport<?> t = transport;
        return t != null && (t.address().getPort() == port || t.httpAddress().map(a -> a.getPort() == port).orElse(false));
    }

    /** The config key that asked for {@code port}. */
    private String portKey(int port) {
        if (config.metricsPort() != null && config.metricsPort() == port) {
            return "metrics_port";
        }
        return config.httpPort() != null && config.httpPort() == port ? "http_port" : "port";
    }

    private TransportConfig transportConfig(String name, Path blueprintDirectory) {
        TlsConfig tls = config.tls();
        // an admin body one byte over the budget still reaches the admin API, which explains the 413
        long maxBody = config.admin().enabled() ? config.maxPendingBytes().bytes() + 1 : 64 * 1024;
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        return new TransportConfig(name, config.host(), config.port(), config.extraHttpPort(), config.metricsPort(),
                tls == null ? null : blueprintDirectory.resolve(tls.keystore()).normalize(), tls == null ? null : tls.password(),
                (int) config.maxHeaderSize().bytes(), config.handshakeTimeout(), (int) config.maxMessageSize().bytes(),
                config.compression(), COMPRESSION_THRESHOLD, config.maxPendingBytes().bytes(), maxBody, cores, 2,
                config.maxBufferedBodyBytes().bytes()).withHosts(HostPolicy.of(config.allowedHosts(), config.host()));
    }

    /** An I/O thread out of memory, the listener lost: report it on /health and /ready, and fail the run. */
    private void onFatal(String what, Throwable cause) {
        failure = what + (cause == null ? "" : ": " + cause);
        log.error("{} - cannot go on serving: {}", context.name(), failure);
        context.fail(new IOException("the WebSocket server cannot go on: " + failure, cause));
    }

    @Override
    public void run() throws InterruptedException {
        stopped.await(); // no input bound: a plain server until stopped (or detached)
    }

    /** Kept across a reload: the listener, the connections and their clients stay; only run() returns. */
    @Override
    public void detach() {
        log.info("{} - kept across the reload: {} client(s) stay connected", context.name(), connectionCount());
        // the old pipeline's streams from here end, as at a stop (a loop back to this server's input drains and ends)
        context.output("messages").close();
        context.output("events").close();
        context.output("rate_limited").close();
        stopped.countDown();
    }

    @Override
    public void attach(ComponentContext next) {
        stopped = new CountDownLatch(1);
        contextSwitch.switchTo(next);
        // the new pipeline has a registry of its own: the server's counters go on, now exposed there
        metrics.bind(next.meterRegistry(), next.name(), this, WebSocketComponent::connectionCount, this::acceptFailures);
        log.info("{} - resumed in the reloaded pipeline, still listening on port {}", next.name(), address.getPort());
        reportPorts(next);
    }

    /** The ports bound, by config key, for the run's ready file. */
    private void reportPorts(ComponentContext to) {
        to.listening("port", address.getPort());
        transport.httpAddress().ifPresent(a -> to.listening("http_port", a.getPort()));
        transport.metricsAddress().ifPresent(a -> to.listening("metrics_port", a.getPort()));
    }

    @Override
    public void onRecord(String input, Record record) throws Exception {
        JsonNode value = record.value();
        if (errorCode != null) {
            JsonNode code = errorCode.first(value);
            if (code != null && code.isTextual()) {
                metrics.error(code.textValue()); // an error answer of the blueprint's protocol, counted by its code
            }
        }
        JsonNode payload = Payloads.select(value, config.payloadField());
        String text = Payloads.text(context.json(), payload);
        Target target = Target.of(config, channels == null ? null : config.channelFieldName(),
                config.targetFrom() == WebSocketConfig.TargetFrom.RECORD ? value : payload);
        // a client's binary message relayed (messages -> input with payload_field) goes back out as binary
        boolean binary = config.payloadField() != null && payload.isTextual() && value.path("binary").asBoolean(false);
        Delivery d;
        Channels.Published published = null;
        if (target.channel() != null) {
            if (cluster != null) {
                published = cluster.publishOnChannel(target.channel(), text, binary).orElse(null);
            }
            if (published == null) { // one instance, or Redis could not take it: this instance's own offsets
                published = channels.publish(target.channel(), payload, text, binary);
            }
            d = published.delivery();
        } else {
            d = cluster == null ? hub.broadcast(text, binary, target.in(registry)) : cluster.broadcast(text, binary, target);
        }
        if (reports.isBound()) {
            ObjectNode report = context.json().createObjectNode();
            if (published != null) {
                report.put("channel", target.channel());
                report.put("offset", published.offset());
                report.put("epoch", published.epoch());
            }
            report.put("broadcast_to", d.broadcastTo());
            report.put("disconnected", d.disconnected());
            report.put("dropped", d.dropped());
            report.set("message", value);
            report.put("timestamp", Instant.now().toString());
            reports.emit(report);
        }
    }

    @Override
    public void stop() {
        draining = true;
        if (gate != null) {
            gate.drain();
            context.output("messages").close();
            context.output("events").close();
            context.output("rate_limited").close();
        }
        stopped.countDown();
    }

    @Override
    public void close() throws Exception {
        draining = true;
        if (cluster != null) {
            cluster.close();
        }
        if (transport != null) {
            new ServerShutdown(context.name(), transport, registry).run(context.shutdownGracePeriod());
        }
        if (inbound != null) {
            inbound.close();
        }
        if (timers != null) {
            timers.shutdownNow();
        }
    }

    /** The number of open connections; cheap (no snapshot is taken). */
    @Override
    public int connectionCount() {
        return registry == null ? 0 : registry.size();
    }

    @Override
    public boolean ready() {
        return listening && !draining && failure == null && transport.accepting() && context.readiness().notReady().isEmpty();
    }

    @Override
    public String failure() {
        if (failure != null) {
            return failure;
        }
        return listening && !draining && !transport.accepting() ? "not accepting connections: " + transport.acceptFailures()
                + " accept failures (file descriptors exhausted?)" : null;
    }

    @Override
    public List<String> notReady() {
        return context == null ? List.of() : context.readiness().notReady();
    }

    @Override
    public String metricsText() {
        return context.metrics().prometheusText();
    }

    private long acceptFailures() {
        Transport<Connection> t = transport;
        return t == null ? 0 : t.acceptFailures();
    }

    /** The bound metrics port ({@code metrics_port}), or 0 when there is none or before the component has started. */
    public int metricsPort() {
        Transport<Connection> t = transport;
        return t == null ? 0 : t.metricsAddress().map(InetSocketAddress::getPort).orElse(0);
    }

    /** The bound WebSocket port (useful with {@code port: 0}); 0 before the component has started. */
    public int port() {
        InetSocketAddress a = address;
        return a == null ? 0 : a.getPort();
    }

    @Override
    public String webSocketUrl() {
        String scheme = config.tls() == null ? "ws" : "wss";
        return scheme + "://HOST:" + address.getPort() + PathTemplate.parse(config.path()).example();
    }

    /**
     * A snapshot of every open connection, in id order ({@code c-1}, {@code c-2}, …). Does not block the
     * server; the list is immutable.
     */
    public List<ConnectionInfo> connections() {
        ConnectionOperations ops = operations;
        return ops == null ? List.of() : ops.connections();
    }

    /** A snapshot of the open connection {@code id}, or empty when there is none. */
    public Optional<ConnectionInfo> connection(String id) {
        ConnectionOperations ops = operations;
        return ops == null ? Optional.empty() : ops.connection(id);
    }

    /**
     * Queues {@code message} (sent as one text frame) for the connection {@code id}. Returns at once; the
     * connection's I/O thread writes it. As for input records, a connection over {@code max_pending_bytes} does
     * not take it and is handled by the {@code slow_consumer} policy.
     *
     * @return true when the message was queued; false when there is no such open connection, it is
     *     closing, or it is over its budget
     */
    public boolean send(String id, String message) {
        ConnectionOperations ops = operations;
        return ops != null && ops.send(id, message);
    }

    /**
     * Queues {@code message} (one text frame, encoded once) for every open connection of {@code session}
     * (the {@code session_id} path or query parameter they connected with). Returns at once.
     *
     * @return the number of connections that took it (0 when the session has none open)
     */
    public int sendToSession(String session, String message) {
        ConnectionOperations ops = operations;
        return ops == null ? 0 : ops.sendToSession(session, message);
    }

    /**
     * Queues {@code message} (one text frame, encoded once) for every open connection, whatever its
     * session. Returns at once.
     *
     * @return the number of connections that took it (closing and over-budget ones did not)
     */
    public int broadcast(String message) {
        ConnectionOperations ops = operations;
        return ops == null ? 0 : ops.broadcast(message);
    }

    /**
     * Closes the connection {@code id} with 1000 (Normal Closure), reason {@code closed by server}.
     *
     * @return true when the close handshake was started; false when there is no such open connection or
     *     it is already closing
     */
    public boolean close(String id) {
        return close(id, 1000, "closed by server");
    }

    /**
     * Closes the connection {@code id} with {@code code} and {@code reason}; the client gets them in its
     * close frame, and {@code events} reports the reason. Returns at once: a client that does not answer
     * the close frame within 2 s has its TCP connection closed.
     *
     * @param code 1000..1003, 1007..1014, or an application code 3000..4999
     * @param reason at most 123 bytes of UTF-8 (may be empty)
     * @return true when the close handshake was started; false when there is no such open connection or
     *     it is already closing
     * @throws IllegalArgumentException for another code or a longer reason
     */
    public boolean close(String id, int code, String reason) {
        ConnectionOperations.requireValidClose(code, reason == null ? "" : reason);
        ConnectionOperations ops = operations;
        return ops != null && ops.close(id, code, reason);
    }
}
