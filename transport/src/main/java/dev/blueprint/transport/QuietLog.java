package dev.blueprint.transport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Logs what misbehaving clients do without letting them flood the log: one WARN a second per kind (with
 * how many there were so far, since every one is counted in {@code /metrics}), DEBUG for the rest.
 */
public final class QuietLog {
    private static final long PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);
    private final Logger log;
    private final Map<String, Long> lastWarn = new ConcurrentHashMap<>();

    /** Logs through {@code log}. */
    public QuietLog(Logger log) {
        this.log = log;
    }

    /** Logs {@code message} (SLF4J format) at WARN when {@code kind} was not logged in the last second, else DEBUG. */
    public void warn(String kind, String message, Object... args) {
        long now = System.nanoTime();
        Long last = lastWarn.get(kind);
        if ((last == null || now - last > PERIOD_NANOS) && (last == null ? lastWarn.putIfAbsent(kind, now) == null
                : lastWarn.replace(kind, last, now))) {
            log.warn(message, args);
        } else if (log.isDebugEnabled()) {
            log.debug(message, args);
        }
    }
}
