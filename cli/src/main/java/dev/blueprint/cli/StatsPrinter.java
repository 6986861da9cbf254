package dev.blueprint.cli;

import dev.blueprint.api.PipelineMetrics;
import dev.blueprint.runtime.exec.Pipeline;
import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** {@code --stats N}: a line per component and per busy binding on stderr every N seconds. */
final class StatsPrinter implements AutoCloseable {
    private final ScheduledExecutorService timer;

    private StatsPrinter(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    static StatsPrinter start(Pipeline pipeline, int seconds, PrintWriter err) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "blueprint-stats");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> print(pipeline.metrics(), err), seconds, seconds, TimeUnit.SECONDS);
        return new StatsPrinter(timer);
    }

    private static void print(PipelineMetrics m, PrintWriter err) {
        for (PipelineMetrics.ComponentStats c : m.components()) {
            long dropped = m.bindings().stream().filter(b -> b.toComponent().equals(c.name())).mapToLong(PipelineMetrics.BindingStats::dropped).sum();
            int depth = m.bindings().stream().filter(b -> b.toComponent().equals(c.name())).mapToInt(PipelineMetrics.BindingStats::depth).sum();
            String awaiting = c.tracksAcknowledgements() ? " awaiting_ack=" + c.awaitingAcknowledgement() : "";
            err.printf("[stats] %s (%s) in=%d out=%d dropped=%d errors=%d queued=%d%s%s%n", c.name(), c.type(), c.recordsIn(),
                    c.recordsOut(), dropped, c.errors(), depth, awaiting, c.finished() ? " finished" : "");
        }
        err.flush();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
