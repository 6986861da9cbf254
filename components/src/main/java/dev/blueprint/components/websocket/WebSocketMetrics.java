package dev.blueprint.components.websocket;

import dev.blueprint.api.PipelineMetrics;
import dev.blueprint.components.websocket.http.PrometheusText;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

/** Counters of one WebSocket component, and their Prometheus rendering together with the pipeline's. */
final class WebSocketMetrics {
    final LongAdder accepted = new LongAdder();
    final LongAdder messagesSent = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder messagesReceived = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final LongAdder broadcasts = new LongAdder();
    final LatencyHistogram broadcastLatency = new LatencyHistogram();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> closes = new ConcurrentHashMap<>();

    void error(String type) {
        errors.computeIfAbsent(type, k -> new LongAdder()).increment();
    }

    void refused(String kind) {
        refusals.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    void closed(String reason) {
        closes.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    long errorCount(String type) {
        LongAdder a = errors.get(type);
        return a == null ? 0 : a.sum();
    }

    long refusedCount(String kind) {
        LongAdder a = refusals.get(kind);
        return a == null ? 0 : a.sum();
    }

    String render(String component, int connections, long acceptFailures, PipelineMetrics pipeline) {
        PrometheusText t = new PrometheusText();
        String[] c = {"component", component};
        t.describe("websocket_connections", "gauge", "Open WebSocket connections.").sample("websocket_connections", connections, c);
        // seed 000's name for the same gauge, so that its dashboards and alerts work unchanged
        t.describe("websocket_connections_total", "gauge", "Open WebSocket connections (seed 000's name; same as websocket_connections).")
                .sample("websocket_connections_total", connections, c);
        t.describe("websocket_connections_accepted_total", "counter", "WebSocket connections accepted since start.")
                .sample("websocket_connections_accepted_total", accepted.sum(), c);
        t.describe("websocket_messages_sent_total", "counter", "Frames handed to clients (one per client per record).")
                .sample("websocket_messages_sent_total", messagesSent.sum(), c);
        t.describe("websocket_bytes_sent_total", "counter", "Bytes of frames handed to clients (before compression).")
                .sample("websocket_bytes_sent_total", bytesSent.sum(), c);
        t.describe("websocket_messages_received_total", "counter", "Messages received from clients.")
                .sample("websocket_messages_received_total", messagesReceived.sum(), c);
        t.describe("websocket_bytes_received_total", "counter", "Payload bytes received from clients.")
                .sample("websocket_bytes_received_total", bytesReceived.sum(), c);
        t.describe("websocket_broadcasts_total", "counter", "Messages broadcast: input records, and sends and broadcasts of the connection operations.")
                .sample("websocket_broadcasts_total", broadcasts.sum(), c);
        broadcastLatency.render(t, "websocket_broadcast_duration_seconds",
                "Time to encode one record and hand it to every target connection.", c);
        t.describe("websocket_errors_total", "counter", "Errors by type.");
        errors.forEach((type, n) -> t.sample("websocket_errors_total", n.sum(), "component", component, "type", type));
        t.describe("websocket_accept_errors_total", "counter", "Times accepting a TCP connection failed (file descriptors exhausted); accepting pauses briefly after each.")
                .sample("websocket_accept_errors_total", acceptFailures, c);
        t.describe("websocket_refused_total", "counter", "Handshakes and HTTP requests refused, by reason.");
        refusals.forEach((kind, n) -> t.sample("websocket_refused_total", n.sum(), "component", component, "reason", kind));
        t.describe("websocket_closed_by_server_total", "counter", "Connections the server closed, by reason.");
        closes.forEach((r, n) -> t.sample("websocket_closed_by_server_total", n.sum(), "component", component, "reason", r));
        renderPipeline(t, pipeline);
        return t.toString();
    }

    /**
     * The pipeline's counters, each family's HELP and TYPE lines followed by its own samples: the text format
     * wants a family's lines together, not every family's header first.
     */
    private static void renderPipeline(PrometheusText t, PipelineMetrics pipeline) {
        List<PipelineMetrics.ComponentStats> components = pipeline.components();
        component(t, components, "blueprint_component_records_in_total", "counter", "Records a component took from its inputs.",
                PipelineMetrics.ComponentStats::recordsIn);
        component(t, components, "blueprint_component_records_out_total", "counter", "Records a component emitted.",
                PipelineMetrics.ComponentStats::recordsOut);
        component(t, components, "blueprint_component_errors_total", "counter", "Records a component failed on.",
                PipelineMetrics.ComponentStats::errors);
        component(t, components, "blueprint_component_finished", "gauge", "1 once a component has finished.",
                s -> s.finished() ? 1 : 0);
        component(t, components, "blueprint_component_awaiting_ack", "gauge",
                "Records a source emitted for acknowledgement whose handling downstream is not finished yet (in flight).",
                PipelineMetrics.ComponentStats::awaitingAcknowledgement);
        List<PipelineMetrics.BindingStats> bindings = pipeline.bindings();
        binding(t, bindings, "blueprint_binding_delivered_total", "counter", "Records queued on a binding.",
                PipelineMetrics.BindingStats::delivered);
        binding(t, bindings, "blueprint_binding_dropped_total", "counter", "Records a binding's overflow policy dropped.",
                PipelineMetrics.BindingStats::dropped);
        binding(t, bindings, "blueprint_binding_depth", "gauge", "Records waiting in a binding's queue.", PipelineMetrics.BindingStats::depth);
    }

    private static void component(PrometheusText t, List<PipelineMetrics.ComponentStats> components, String name, String type, String help,
            ToLongFunction<PipelineMetrics.ComponentStats> value) {
        t.describe(name, type, help);
        for (PipelineMetrics.ComponentStats s : components) {
            t.sample(name, value.applyAsLong(s), "component", s.name(), "type", s.type());
        }
    }

    private static void binding(PrometheusText t, List<PipelineMetrics.BindingStats> bindings, String name, String type, String help,
            ToLongFunction<PipelineMetrics.BindingStats> value) {
        t.describe(name, type, help);
        for (PipelineMetrics.BindingStats b : bindings) {
            t.sample(name, value.applyAsLong(b), "binding", b.label());
        }
    }
}
