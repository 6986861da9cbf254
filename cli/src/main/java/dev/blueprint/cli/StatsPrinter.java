package dev.blueprint.cli;

import dev.blueprint.runtime.inspect.PipelineRates;
import dev.blueprint.runtime.exec.Pipeline;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** {@code --stats N}: a line per component on stderr every N seconds: totals, and rates per second over the last N seconds. */
final class StatsPrinter implements AutoCloseable {
    private final ScheduledExecutorService timer;

    private StatsPrinter(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    static StatsPrinter start(Pipeline pipeline, int seconds, PrintWriter err) {
        return start(() -> pipeline, seconds, err);
    }

    /**
     * Prints for whichever pipeline {@code current} gives at each tick: under {@code run --watch} that is the one now
     * running, and the rates start over with each reload (a new pipeline's counters start at zero).
     */
    static StatsPrinter start(Supplier<Pipeline> current, int seconds, PrintWriter err) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "blueprint-stats");
            t.setDaemon(true);
            return t;
        });
        var following = new Object() {
            Pipeline pipeline;
            PipelineRates rates;

            void tick() {
                Pipeline now = current.get();
                if (now != pipeline) {
                    pipeline = now;
                    rates = new PipelineRates(now.metrics());
                }
                print(rates.sample(), err);
            }
        };
        timer.scheduleAtFixedRate(following::tick, seconds, seconds, TimeUnit.SECONDS);
        return new StatsPrinter(timer);
    }

    private static void print(PipelineRates.Snapshot s, PrintWriter err) {
        for (PipelineRates.ComponentRate c : s.components()) {
            int depth = s.bindings().stream().filter(b -> b.to().equals(c.name())).mapToInt(PipelineRates.BindingRate::depth).sum();
            String awaiting = c.awaitingAck() > 0 ? " awaiting_ack=" + c.awaitingAck() : "";
            err.printf(Locale.ROOT, "[stats] %s (%s) in=%d (%s) out=%d (%s) dropped=%d errors=%d queued=%d%s%s%n", c.name(), c.type(), c.in(),
                    perSecond(c.inPerSecond()), c.out(), perSecond(c.outPerSecond()), c.dropped(), c.errors(), depth, awaiting,
                    c.finished() ? " finished" : "");
        }
        err.flush();
    }

    /** {@code 1234/s}, {@code 0.5/s}: whole numbers once they are big enough to read at a glance. */
    static String perSecond(double rate) {
        return (rate >= 10 || rate == 0 ? String.format(Locale.ROOT, "%.0f", rate) : String.format(Locale.ROOT, "%.1f", rate)) + "/s";
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
