package dev.blueprint.components.process;

import java.time.Duration;

/**
 * The pause before a worker that exited is started again: {@code restart_backoff}, doubled with each exit in a row up to
 * {@link ProcessConfig#MAX_BACKOFF}, and back to {@code restart_backoff} once the worker has answered a request. Not
 * thread-safe: the worker calls it under its lock.
 */
final class RestartBackoff {
    private final Duration first;
    private Duration next;

    RestartBackoff(Duration first) {
        this.first = first;
        this.next = first;
    }

    /** The pause to wait now; the next one is twice as long, up to the maximum. */
    Duration take() {
        Duration pause = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(ProcessConfig.MAX_BACKOFF) <= 0 ? doubled : ProcessConfig.MAX_BACKOFF;
        return pause;
    }

    /** The worker answered: the next exit waits the first pause again. */
    void reset() {
        next = first;
    }

    /** {@code 2s}, {@code 250ms}: a pause as the log shows it. */
    static String text(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
