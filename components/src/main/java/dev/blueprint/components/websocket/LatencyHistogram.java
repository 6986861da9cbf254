package dev.blueprint.components.websocket;

import dev.blueprint.components.websocket.http.PrometheusText;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** A fixed-bucket histogram of durations, rendered as a Prometheus histogram in seconds. */
final class LatencyHistogram {
    private static final double[] BOUNDS_SECONDS = {
        0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5};
    private final long[] boundsNanos = new long[BOUNDS_SECONDS.length];
    private final AtomicLongArray counts = new AtomicLongArray(BOUNDS_SECONDS.length + 1);
    private final LongAdder sumNanos = new LongAdder();

    LatencyHistogram() {
        for (int i = 0; i < BOUNDS_SECONDS.length; i++) {
            boundsNanos[i] = (long) (BOUNDS_SECONDS[i] * 1e9);
        }
    }

    void record(long nanos) {
        int i = 0;
        while (i < boundsNanos.length && nanos > boundsNanos[i]) {
            i++;
        }
        counts.incrementAndGet(i);
        sumNanos.add(nanos);
    }

    void render(PrometheusText text, String name, String help, String... labels) {
        text.describe(name, "histogram", help);
        long cumulative = 0;
        for (int i = 0; i <= BOUNDS_SECONDS.length; i++) {
            cumulative += counts.get(i);
            String le = i < BOUNDS_SECONDS.length ? Double.toString(BOUNDS_SECONDS[i]) : "+Inf";
            text.sample(name + "_bucket", cumulative, with(labels, "le", le));
        }
        text.sample(name + "_sum", sumNanos.sum() / 1e9, labels);
        text.sample(name + "_count", cumulative, labels);
    }

    private static String[] with(String[] labels, String k, String v) {
        String[] all = java.util.Arrays.copyOf(labels, labels.length + 2);
        all[labels.length] = k;
        all[labels.length + 1] = v;
        return all;
    }
}
