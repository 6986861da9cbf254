package dev.blueprint.components.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import dev.blueprint.api.Record;
import dev.blueprint.api.Redaction;
import dev.blueprint.api.Reloadable;
import dev.blueprint.components.jq.JqExpression;
import dev.blueprint.components.payload.Payloads;
import dev.blueprint.components.websocket.http.AdminEndpoints;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
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
public final class WebSocketComponent implements Reloadable {
    private static final Logger log = LoggerFactory.getLogger(WebSocketComponent.class);
    /** What the Java API answers before the server has started: no connections. */
    private static final AdminEndpoints.Operations NOT_STARTED = new NotStarted();

    private final WebSocketConfig config;
    private final WebSocketMetrics metrics = new WebSocketMetrics();
    private volatile CountDownLatch stopped = new CountDownLatch(1);
    /** Through a switch: a reload (run --watch) that keeps this server hands it the next pipeline's context. */
    private ContextSwitch context;
    private Output reports;
    private JqExpression errorCode;
    /** The started server; null before start and when start failed. */
    private volatile WebSocketServer server;
    private volatile AdminEndpoints.Operations operations = NOT_STARTED;
    /** Set by stop(), which may come while start() still runs (a cluster's Redis can take seconds). */
    private volatile boolean stopping;

    WebSocketComponent(WebSocketConfig config) {
        this.config = config;
    }

    @Override
    public void start(ComponentContext pipelineContext) throws Exception {
        context = new ContextSwitch(pipelineContext);
        reports = context.output();
        log.debug("{} - config {}", context.name(), Redaction.describe(config));
        errorCode = config.errorCode() == null ? null : JqExpression.compile(config.errorCode());
        WebSocketServer started = WebSocketServer.start(config, context, metrics);
        server = started;
        operations = started.operations();
        started.reportPorts(pipelineContext);
        if (stopping) { // stop() ran before there was a server to drain
            drain(started);
        }
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
        closeClientStreams();
        stopped.countDown();
    }

    @Override
    public void attach(ComponentContext next) {
        stopped = new CountDownLatch(1);
        context.switchTo(next);
        // the new pipeline has a registry of its own: the server's counters go on, now exposed there
        metrics.bind(next.meterRegistry(), next.name(), server, WebSocketServer::connectionCount, server::acceptFailures, server::bufferedBodyBytes);
        log.info("{} - resumed in the reloaded pipeline, still listening on port {}", next.name(), server.port());
        server.reportPorts(next);
    }

    private void closeClientStreams() {
        context.output("messages").close();
        context.output("events").close();
        context.output("rate_limited").close();
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
        Target target = server.target(config.targetFrom() == WebSocketConfig.TargetFrom.RECORD ? value : payload);
        // a client's binary message relayed (messages -> input with payload_field) goes back out as binary
        boolean binary = config.payloadField() != null && payload.isTextual() && value.path("binary").asBoolean(false);
        WebSocketServer.Sent sent = server.send(target, payload, text, binary);
        if (reports.isBound()) {
            ObjectNode report = context.json().createObjectNode();
            if (sent.published() != null) {
                report.put("channel", target.channel());
                report.put("offset", sent.published().offset());
                report.put("epoch", sent.published().epoch());
            }
            Delivery d = sent.delivery();
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
        stopping = true;
        WebSocketServer s = server;
        if (s != null) {
            drain(s);
        }
        stopped.countDown();
    }

    /** No new clients, and the streams of what clients send end: the run is stopping. Harmless twice. */
    private void drain(WebSocketServer s) {
        s.drain();
        closeClientStreams();
    }

    @Override
    public void close() throws Exception {
        WebSocketServer s = server;
        if (s != null) {
            s.close(context.shutdownGracePeriod());
        }
    }

    /** The number of open connections; cheap (no snapshot is taken). */
    public int connectionCount() {
        WebSocketServer s = server;
        return s == null ? 0 : s.connectionCount();
    }

    /** The bound metrics port ({@code metrics_port}), or 0 when there is none or before the component has started. */
    public int metricsPort() {
        WebSocketServer s = server;
        return s == null ? 0 : s.metricsPort();
    }

    /** The bound WebSocket port (useful with {@code port: 0}); 0 before the component has started. */
    public int port() {
        WebSocketServer s = server;
        return s == null ? 0 : s.port();
    }

    /**
     * A snapshot of every open connection, in id order ({@code c-1}, {@code c-2}, …). Does not block the
     * server; the list is immutable.
     */
    public List<ConnectionInfo> connections() {
        return operations.connections();
    }

    /** A snapshot of the open connection {@code id}, or empty when there is none. */
    public Optional<ConnectionInfo> connection(String id) {
        return operations.connection(id);
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
        return operations.send(id, message);
    }

    /**
     * Queues {@code message} (one text frame, encoded once) for every open connection of {@code session}
     * (the {@code session_id} path or query parameter they connected with). Returns at once.
     *
     * @return the number of connections that took it (0 when the session has none open)
     */
    public int sendToSession(String session, String message) {
        return operations.sendToSession(session, message);
    }

    /**
     * Queues {@code message} (one text frame, encoded once) for every open connection, whatever its
     * session. Returns at once.
     *
     * @return the number of connections that took it (closing and over-budget ones did not)
     */
    public int broadcast(String message) {
        return operations.broadcast(message);
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
        return operations.close(id, code, reason);
    }

    /** The operations before the server has started: there is nothing to list, send to or close. */
    private static final class NotStarted implements AdminEndpoints.Operations {
        @Override
        public List<ConnectionInfo> connections() {
            return List.of();
        }

        @Override
        public Optional<ConnectionInfo> connection(String id) {
            return Optional.empty();
        }

        @Override
        public boolean send(String id, String message) {
            return false;
        }

        @Override
        public int sendToSession(String session, String message) {
            return 0;
        }

        @Override
        public boolean hasSession(String session) {
            return false;
        }

        @Override
        public int broadcast(String message) {
            return 0;
        }

        @Override
        public boolean close(String id, int code, String reason) {
            return false;
        }
    }
}
