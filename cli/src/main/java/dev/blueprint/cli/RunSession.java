package dev.blueprint.cli;

import dev.blueprint.ops.OpsServer;
import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.runtime.exec.RunOutcome;
import dev.blueprint.runtime.model.Blueprint;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * One run of a blueprint, the same for {@code run} and {@code run --watch}: the ops server, {@code --stats} and the
 * ready file follow the pipeline now running; SIGINT/SIGTERM stop it gracefully, a second one at once (components
 * interrupted and closed, so that sinks write their last whole lines, within a bounded wait); then the summary and
 * the exit code: 0, 1 for a failure or an exceeded grace period, 130 after a second signal. The only difference
 * between the two commands is the {@link Reloader}: none for {@code run}; for {@code run --watch}, one that
 * {@linkplain #replace replaces} the pipeline when the blueprint changes.
 */
final class RunSession {
    private static final Logger log = LoggerFactory.getLogger(RunSession.class);
    /** Exit code after a second signal, as a shell reports a process ended by SIGINT. */
    static final int STOPPED_AT_ONCE = 130;
    /** How long a stop at once waits for components to close (sinks write their last whole lines) before halting. */
    private static final long CLOSE_WAIT_SECONDS = 5;

    /** What runs beside the pipeline until the session is asked to stop. */
    interface Reloader {
        /**
         * Returns once {@link RunSession#awaitStop} says the session is stopping; meanwhile it may put another pipeline in
         * place of the running one with {@link RunSession#replace}.
         */
        void watch(RunSession session) throws InterruptedException;
    }

    /** {@code run}: the pipeline runs as it was started, until it finishes or is stopped. */
    static final Reloader NO_RELOAD = session -> { };

    private final PrintWriter err;
    private final OpsEndpoint.Options http;
    /** {@code --stats} seconds, or null. */
    private final Integer statsSeconds;
    /** {@code --ready-file}, or null: written when the run has started, and again for each pipeline that replaces it. */
    private final Path readyFile;
    /** Counted down by the first signal. */
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    /** Counted down once the summary is out: a stop at once waits for it (bounded) before halting. */
    private final CountDownLatch reported = new CountDownLatch(1);
    /** Guarded by {@code this}, with {@link #current}: a pipeline put in place after a signal hears that signal too. */
    private int signals;
    private volatile Pipeline current;
    /** Null when off, or when the default port was busy. */
    private OpsServer ops;

    RunSession(PrintWriter err, OpsEndpoint.Options http, Integer statsSeconds, Path readyFile) {
        this.err = err;
        this.http = http;
        this.statsSeconds = statsSeconds;
        this.readyFile = readyFile;
    }

    /** Builds and runs {@code blueprint} with {@code reloader} beside it until it ends; returns the exit code. */
    int run(Blueprint blueprint, Reloader reloader) throws InterruptedException {
        current = Pipeline.build(blueprint);
        ops = OpsEndpoint.start(current, http);
        Signal.handle(new Signal("INT"), this::onSignal);
        Signal.handle(new Signal("TERM"), this::onSignal);
        StatsPrinter stats = statsSeconds == null ? null : StatsPrinter.start(() -> current, statsSeconds, err);
        try {
            current.start();
            ReadyFile.write(readyFile, current, ops);
            reloader.watch(this);
            Pipeline last = current;
            RunOutcome outcome = last.awaitCompletion();
            last.summary().forEach(line -> log.info("summary: {}", line));
            reported.countDown();
            return exitCode(outcome, last.blueprint());
        } finally {
            reported.countDown();
            if (stats != null) {
                stats.close();
            }
            if (ops != null) {
                ops.close();
            }
        }
    }

    /** The pipeline running now. */
    Pipeline current() {
        return current;
    }

    /** Waits up to {@code timeout} for a stop signal; whether one has come. */
    boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopRequested.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Puts {@code next} (started, or failed to start) in place of the running pipeline: the ops page, {@code --stats}
     * and the ready file follow it, and a signal that came while it was being started stops it as it stopped the one
     * before.
     */
    void replace(Pipeline next) {
        int heard;
        synchronized (this) {
            current = next;
            heard = signals;
        }
        if (ops != null) {
            ops.follow(next);
        }
        ReadyFile.write(readyFile, next, ops);
        if (heard >= 1) {
            next.stop();
        }
        if (heard >= 2) {
            next.forceStop();
        }
    }

    private void onSignal(Signal sig) {
        int n;
        Pipeline p;
        synchronized (this) {
            n = ++signals;
            p = current;
        }
        String name = p.blueprint().name();
        if (n == 1) {
            log.info("{} - received SIG{}; shutting down gracefully (send it again to stop at once)", name, sig.getName());
            stopRequested.countDown();
            p.stop();
        } else if (n == 2) {
            log.warn("{} - received SIG{} again; stopping at once", name, sig.getName());
            // components are interrupted and closed, so that sinks write their last whole lines and the summary
            // can count what was queued; one that does not close in time is left behind
            p.forceStop();
            if (!awaitReported()) {
                log.warn("{} - components still running {} s after being interrupted; exiting without them", name, CLOSE_WAIT_SECONDS);
                current.summary().forEach(line -> log.info("summary: {}", line));
                Runtime.getRuntime().halt(STOPPED_AT_ONCE);
            }
        } else {
            Runtime.getRuntime().halt(STOPPED_AT_ONCE);
        }
    }

    private int exitCode(RunOutcome outcome, Blueprint blueprint) {
        synchronized (this) {
            if (signals >= 2) {
                err.println("error: stopped at once by a second signal; records still queued were dropped "
                        + "(dropped_shutdown in the summary)");
                return STOPPED_AT_ONCE;
            }
        }
        if (outcome.failure() != null) {
            err.println("error: " + dev.blueprint.api.Redaction.cleanText(String.valueOf(outcome.failure())));
            return BlueprintCli.RUNTIME_FAILURE;
        }
        if (outcome.graceExceeded()) {
            err.println("error: shutdown grace period of " + blueprint.shutdownGracePeriod().toSeconds()
                    + "s exceeded; some queued records may not have been delivered (see the summary)");
            return BlueprintCli.RUNTIME_FAILURE;
        }
        log.info("{} - finished", blueprint.name());
        return 0;
    }

    private boolean awaitReported() {
        try {
            return reported.await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
