package dev.blueprint.components.http;

import dev.blueprint.transport.Violation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code http_requests_refused_total{component, reason}}: the requests an HTTP server refused, by reason
 * ({@code origin}, {@code content_type}, {@code body_budget}, ...). A reason's counter appears when it first
 * happens.
 */
final class RefusalCounters {
    private final MeterRegistry registry;
    private final String component;
    private final Map<String, Counter> byReason = new ConcurrentHashMap<>();

    RefusalCounters(MeterRegistry registry, String component) {
        this.registry = registry;
        this.component = component;
    }

    void count(Violation v) {
        byReason.computeIfAbsent(v.reason(), reason -> Counter.builder("http.requests.refused")
                .description("Requests the HTTP source refused, by reason.").tag("component", component).tag("reason", reason)
                .register(registry)).increment();
    }
}
