package dev.blueprint.components.process;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.components.jq.JqExpression;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * The per-request meters of one {@code Process}: request duration (histogram), errors by code and answer lines, each
 * labelled as {@code request_metrics} says; plus worker restarts and requests in flight.
 */
final class RequestMetrics {
    /** Label combinations kept per component; beyond, values read "other": clients choose them, and must not grow memory. */
    static final int MAX_SERIES = 100;
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    /** One label combination's meters. */
    record Series(Tags tags, Timer duration, Counter lines) {
    }

    private final ComponentContext context;
    private final MeterRegistry registry;
    private final String prefix;
    private final List<String> labelNames;
    private final List<JqExpression> labelValues = new ArrayList<>();
    private final JqExpression errorCode;
    private final Map<List<String>, Series> series = new ConcurrentHashMap<>();
    private final Counter restarts;
    private final AtomicInteger inFlight = new AtomicInteger();

    RequestMetrics(ComponentContext context, RequestMetricsConfig config) throws JsonQueryException {
        this.context = context;
        this.registry = context.meterRegistry();
        this.prefix = config.name();
        this.labelNames = List.copyOf(config.labels().keySet());
        for (String expression : config.labels().values()) {
            labelValues.add(JqExpression.compile(expression));
        }
        this.errorCode = JqExpression.compile(config.errorCode());
        this.restarts = Counter.builder("process.worker.restarts").description("Worker processes restarted after they exited.")
                .tag("component", context.name()).register(registry);
        Gauge.builder("process.requests.in.flight", inFlight, AtomicInteger::get)
                .description("Requests handed to a worker whose answer is not complete yet.").tag("component", context.name()).register(registry);
        // registered now, so that a label set clashing with another component's meters of this name fails the start
        seriesFor(labelNames.stream().map(n -> "none").toList());
    }

    /** A request was handed to a worker: its labels are read from the request now. */
    Series began(JsonNode request) {
        inFlight.incrementAndGet();
        List<String> values = new ArrayList<>(labelValues.size());
        for (JqExpression e : labelValues) {
            values.add(value(e, request));
        }
        return seriesFor(values);
    }

    /** Its answer ended with {@code last} after {@code nanos}. */
    void answered(Series s, long nanos, JsonNode last) {
        String code = value(errorCode, last);
        finished(s, nanos, code.equals("none") ? null : code);
    }

    /** It failed with {@code code} (timeout, worker_exited, line_too_long) after {@code nanos}. */
    void failed(Series s, long nanos, String code) {
        finished(s, nanos, code);
    }

    void line(Series s) {
        s.lines().increment();
    }

    void restarted() {
        restarts.increment();
    }

    private void finished(Series s, long nanos, String code) {
        inFlight.decrementAndGet();
        s.duration().record(nanos, TimeUnit.NANOSECONDS);
        if (code != null) {
            Counter.builder(prefix + ".errors").description("Requests answered with an error, by code.").tags(s.tags()).tag("code", code)
                    .register(registry).increment();
        }
    }

    private Series seriesFor(List<String> values) {
        Series s = series.get(values);
        if (s != null) {
            return s;
        }
        if (series.size() >= MAX_SERIES) {
            values = values.stream().map(v -> "other").toList();
        }
        return series.computeIfAbsent(values, this::register);
    }

    private Series register(List<String> values) {
        Tags tags = Tags.of("component", context.name());
        for (int i = 0; i < labelNames.size(); i++) {
            tags = tags.and(labelNames.get(i), values.get(i));
        }
        Timer duration = Timer.builder(prefix + ".duration")
                .description("Time from handing a request to a worker to the last line of its answer.").tags(tags)
                .serviceLevelObjectives(BUCKETS).register(registry);
        Counter lines = Counter.builder(prefix + ".answer.lines").description("Answer lines workers printed (tokens, for a streaming worker).")
                .tags(tags).register(registry);
        return new Series(tags, duration, lines);
    }

    /** A label's value: the jq result as text, "none" for null or nothing, the first 64 characters at most. */
    private String value(JqExpression e, JsonNode on) {
        try {
            JsonNode v = e.first(on);
            if (v == null || v.isNull() || v.isMissingNode()) {
                return "none";
            }
            String text = v.isTextual() ? v.asText() : v.toString();
            return text.length() > 64 ? text.substring(0, 64) : text;
        } catch (JsonQueryException | RuntimeException ex) {
            return "invalid";
        }
    }
}
