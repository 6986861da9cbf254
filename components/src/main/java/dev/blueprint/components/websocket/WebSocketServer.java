package dev.blueprint.components.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.ComponentInitializationException;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket component's server once it listens: its connection registry, handshake gate, broadcast hub, channels,
 * cluster bus, inbound queue, timers and transport, wired once by {@link #start} and closed as one. It answers the
 * HTTP endpoints' questions ({@link HttpEndpoints.Status}) and delivers what the component's input sends.
 */
final class WebSocketServer implements HttpEndpoints.Status {
    /** The component's logger: what an operator filters on for this server's start, warnings and failure. */
    private static final Logger log = LoggerFactory.getLogger(WebSocketComponent.class);

    private final WebSocketConfig config;
    /** The component's context switch: a reload hands it the next pipeline's context, the server stays. */
    private final ComponentContext context;
    private final String name;
    private final WebSocketMetrics metrics;
    private final ConnectionRegistry registry;
    private final HandshakeGate gate;
    private final BroadcastHub hub;
    /** Channel subscriptions, offsets and history; null with channel_field: "". */
    private final Channels channels;
    private final InboundQueue inbound;
    private final ClientGateway gateway;
    private final ConnectionOperations operations;
    private final ScheduledExecutorService timers;
    /** Set while starting, before the first connection; null without {@code cluster}. */
    private ClusterBus cluster;
    private Transport<Connection> transport;
    private volatile boolean listening;
    private volatile boolean draining;
    private volatile String failure;

    private WebSocketServer(WebSocketConfig config, ComponentContext context, WebSocketMetrics metrics) {
        this.config = config;
        this.context = context;
        this.name = context.name();
        this.metrics = metrics;
        this.registry = new ConnectionRegistry(config.maxConnections());
        this.gate = new HandshakeGate(PathTemplate.parse(config.path()), config.allowedOrigins(), this::isOwnPort, authenticator(config, context),
                registry, config.channels());
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "blueprint-" + name + "-timer");
            t.setDaemon(true);
            return t;
        });
        metrics.bind(context.meterRegistry(), name, this, WebSocketServer::connectionCount, this::acceptFailures, this::bufferedBodyBytes);
        this.hub = new BroadcastHub(name, config.maxPendingBytes().bytes(), config.slowConsumer(), metrics);
        this.gateway = new ClientGateway(name, gate, registry, metrics, new MessageRateLimit(config.maxMessageRate()), this::onFatal);
        this.inbound = new InboundQueue(name, new ClientEvents(context, metrics, config.maxMessageSize().bytes(), config.parseJson(),
                registry::size), config.maxMessageSize().bytes());
        // bound, messages over max_message_rate are answered by the pipeline; unbound, the client is closed
        gateway.attach(inbound, context.output("rate_limited").isBound());
        if (config.channels()) {
            channels = new Channels(hub, context.json(), metrics, config.history(), config.enveloped());
            gateway.attachChannels(channels, config.subscriptionMode() == WebSocketConfig.Subscriptions.MESSAGES
                    ? new ChannelMessages(channels, context.json(), hub, inbound) : null);
        } else {
            channels = null;
        }
        this.operations = new ConnectionOperations(name, registry, hub, metrics, channels);
    }

    /** The handshake's token check; a key or secret it cannot use (a PEM file that is not one) fails the start at its key. */
    private static Authenticator authenticator(WebSocketConfig config, ComponentContext context) {
        try {
            return new Authenticator(config.auth(), context.blueprintDirectory());
        } catch (IllegalArgumentException e) {
            throw new ComponentInitializationException(context.name() + ".auth." + e.getMessage(), e);
        }
    }

    /**
     * Wires the server for the component whose context is {@code context}, joins the cluster when there is one, binds
     * its ports and starts the heartbeat. What was started is closed again when a step fails.
     *
     * @throws ComponentInitializationException when a port is taken
     */
    static WebSocketServer start(WebSocketConfig config, ComponentContext context, WebSocketMetrics metrics) throws Exception {
        WebSocketServer server = new WebSocketServer(config, context, metrics);
        try {
            server.listen();
        } catch (Exception | Error e) {
            server.close(Duration.ZERO);
            throw e;
        }
        return server;
    }

    private void listen() throws Exception {
        HttpRoutes routes = routes();
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
            transport = Transport.start(transportConfig(), gateway, routes, metricsRoutes);
        } catch (PortInUseException e) {
            throw new ComponentInitializationException("port " + e.port() + " is already in use by another process; set " + name + "."
                    + portKey(e.port()) + " (0 picks a free port)", e);
        }
        hub.attach(transport);
        listening = true;
        Heartbeat heartbeat = new Heartbeat(name, registry, metrics, config.heartbeatInterval(), config.heartbeatTimeout(),
                config.idleTimeout());
        if (heartbeat.active()) {
            long period = heartbeat.tickPeriod().toNanos();
            timers.scheduleAtFixedRate(heartbeat, period, period, TimeUnit.NANOSECONDS);
        }
        announce();
    }

    private HttpRoutes routes() {
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

    private TransportConfig transportConfig() {
        TlsConfig tls = config.tls();
        // an admin body one byte over the budget still reaches the admin API, which explains the 413
        long maxBody = config.admin().enabled() ? config.maxPendingBytes().bytes() + 1 : TransportConfig.DEFAULT_MAX_BODY_BYTES;
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        return TransportConfig.builder(name, config.host(), config.port())
                .extraHttpPort(config.extraHttpPort()).metricsPort(config.metricsPort())
                .tls(tls == null ? null : context.blueprintDirectory().resolve(tls.keystore()).normalize(), tls == null ? null : tls.password())
                .maxHeaderBytes((int) config.maxHeaderSize().bytes()).handshakeTimeout(config.handshakeTimeout())
                .maxMessageSize((int) config.maxMessageSize().bytes())
                .compression(config.compression(), TransportConfig.DEFAULT_COMPRESSION_THRESHOLD)
                .maxPendingBytes(config.maxPendingBytes().bytes()).maxBodyBytes(maxBody)
                .maxBufferedBodyBytes(config.maxBufferedBodyBytes().bytes())
                .threads(cores, 2).hosts(HostPolicy.of(config.allowedHosts(), config.host())).build();
    }

    /** The config key that asked for {@code port}. */
    private String portKey(int port) {
        if (config.metricsPort() != null && config.metricsPort() == port) {
            return "metrics_port";
        }
        return config.httpPort() != null && config.httpPort() == port ? "http_port" : "port";
    }

    /** Whether this server listens on {@code port}: its pages there may open WebSockets here. */
    private boolean isOwnPort(int port) {
        Transport<?> t = transport;
        return t != null && (t.address().getPort() == port || t.httpAddress().map(a -> a.getPort() == port).orElse(false));
    }

    /** The start's INFO lines: where clients, pages, metrics and the admin API are served. */
    private void announce() {
        // the real bound address: 0.0.0.0 says "every interface", which localhost would hide
        InetSocketAddress address = transport.address();
        String bound = BoundAddress.describe(address);
        log.info("{} - listening on {} ({})", name, webSocketUrl().replace("//HOST:" + address.getPort(), "//" + bound), transport.kind());
        if (config.httpEnabled()) {
            String http = (config.tls() == null ? "http" : "https") + "://" + bound;
            log.info("{} - HTTP on {}/ (live dashboard; /health /ready /metrics)", name, http);
            transport.httpAddress().ifPresent(a -> log.info("{} - HTTP also on http://{}/", name, BoundAddress.describe(a)));
            transport.metricsAddress().ifPresent(a -> log.info("{} - metrics on http://{}/metrics", name, BoundAddress.describe(a)));
            if (config.admin().enabled()) {
                log.info("{} - admin API on {}/connections and /broadcast (bearer token required)", name, http);
                warnIfReachable();
            }
        }
    }

    /** One WARN when the admin API can be reached from other machines: who can, and what protects it. */
    private void warnIfReachable() {
        List<String> open = new ArrayList<>();
        if (!BoundAddress.isLoopback(transport.address())) {
            open.add(BoundAddress.describe(transport.address()));
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

    /** An I/O thread out of memory, the listener lost: report it on /health and /ready, and fail the run. */
    private void onFatal(String what, Throwable cause) {
        failure = what + (cause == null ? "" : ": " + cause);
        log.error("{} - cannot go on serving: {}", name, failure);
        context.fail(new IOException("the WebSocket server cannot go on: " + failure, cause));
    }

    /** Who {@code value} (the record, or its payload, as {@code target_from} says) is for. */
    Target target(JsonNode value) {
        return Target.of(config, channels == null ? null : config.channelFieldName(), value);
    }

    /**
     * Sends one input record's {@code text} to {@code target}: a channel's subscribers (through Redis with a cluster,
     * with this instance's own offsets when Redis cannot take it), or connections. Called on the component's thread.
     *
     * @return the delivery, and with a channel its offset and epoch
     */
    Sent send(Target target, JsonNode payload, String text, boolean binary) throws IOException, InterruptedException {
        if (target.channel() == null) {
            return new Sent(cluster == null ? hub.broadcast(text, binary, target.in(registry)) : cluster.broadcast(text, binary, target), null);
        }
        Channels.Published published = cluster == null ? null : cluster.publishOnChannel(target.channel(), text, binary).orElse(null);
        if (published == null) {
            published = channels.publish(target.channel(), payload, text, binary);
        }
        return new Sent(published.delivery(), published);
    }

    /** What became of one input record: its delivery, and where it went to a channel, its place there (else null). */
    record Sent(Delivery delivery, Channels.Published published) {
    }

    /** The connection operations of the admin API and the component's Java API. */
    ConnectionOperations operations() {
        return operations;
    }

    /** The ports bound, by config key, for the run's ready file. */
    void reportPorts(ComponentContext to) {
        to.listening("port", transport.address().getPort());
        transport.httpAddress().ifPresent(a -> to.listening("http_port", a.getPort()));
        transport.metricsAddress().ifPresent(a -> to.listening("metrics_port", a.getPort()));
    }

    /** The bound WebSocket port. */
    int port() {
        return transport.address().getPort();
    }

    /** The bound metrics port, or 0 without {@code metrics_port}. */
    int metricsPort() {
        return transport.metricsAddress().map(InetSocketAddress::getPort).orElse(0);
    }

    /** Refuses new connections from now on: the run is stopping. */
    void drain() {
        draining = true;
        gate.drain();
    }

    /** Leaves the cluster, closes every client within {@code gracePeriod}, and stops the transport and the threads. */
    void close(Duration gracePeriod) throws Exception {
        draining = true;
        if (cluster != null) {
            cluster.close();
        }
        if (transport != null) {
            new ServerShutdown(name, transport, registry).run(gracePeriod);
        }
        inbound.close();
        timers.shutdownNow();
    }

    @Override
    public int connectionCount() {
        return registry.size();
    }

    long acceptFailures() {
        Transport<Connection> t = transport;
        return t == null ? 0 : t.acceptFailures();
    }

    /** Request-body bytes held now by admitted HTTP requests (the body budget in use). */
    long bufferedBodyBytes() {
        Transport<Connection> t = transport;
        return t == null ? 0 : t.bufferedBodyBytes();
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
        return context.readiness().notReady();
    }

    @Override
    public String metricsText() {
        return context.metrics().prometheusText();
    }

    @Override
    public String webSocketUrl() {
        String scheme = config.tls() == null ? "ws" : "wss";
        return scheme + "://HOST:" + transport.address().getPort() + PathTemplate.parse(config.path()).example();
    }
}
