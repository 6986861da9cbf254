package dev.blueprint.components.broker;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection state of a connector after it started: each loss of the broker is one outage, logged
 * once when it begins (WARN) and once when it ends (INFO), counted, and shown as not ready meanwhile.
 * Thread-safe: client libraries report from their own threads.
 */
public final class Outages {
    private static final Logger log = LoggerFactory.getLogger(Outages.class);
    private final String owner;
    private final String broker;
    private final AtomicBoolean up = new AtomicBoolean(true);
    private final AtomicLong count = new AtomicLong();
    private volatile long downSince;

    /**
     * @param owner the component's name, for log lines
     * @param broker the broker as logged (password redacted)
     */
    public Outages(String owner, String broker) {
        this.owner = owner;
        this.broker = dev.blueprint.api.Redaction.cleanUrl(broker); // a label and log lines: no password, no ?token=
    }

    /**
     * Shows this connection on {@code /metrics}: {@code connector_up} (1 or 0) and {@code connector_outages_total},
     * labelled with the component and the broker (password redacted). Returns this.
     */
    public Outages exposedIn(MeterRegistry registry) {
        Gauge.builder("connector.up", this, o -> o.isUp() ? 1 : 0).description("1 while a connector's broker connection is up.")
                .tag("component", owner).tag("broker", broker).register(registry);
        FunctionCounter.builder("connector.outages", this, Outages::count)
                .description("Times a connector lost its broker after it started (each ridden out with back-off).")
                .tag("component", owner).tag("broker", broker).register(registry);
        return this;
    }

    /** The connection was lost; counts an outage unless one is already going on. */
    public void lost(Object cause) {
        if (up.compareAndSet(true, false)) {
            downSince = System.nanoTime();
            long n = count.incrementAndGet();
            log.warn("{} - lost {} ({}); reconnecting with back-off (outage {})", owner, broker, cause, n);
        }
    }

    /** The connection is back. */
    public void restored() {
        if (up.compareAndSet(false, true)) {
            log.info("{} - {} is back after {} ms (outage {})", owner, broker, (System.nanoTime() - downSince) / 1_000_000, count.get());
        }
    }

    /** Whether the broker is connected now. */
    public boolean isUp() {
        return up.get();
    }

    /** Outages so far. */
    public long count() {
        return count.get();
    }

    /** Logs the run's total at INFO, for the run's end. */
    public void logTotal() {
        log.info("{} - {}: {} outage(s) ridden out", owner, broker, count.get());
    }
}
