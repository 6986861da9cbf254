package dev.blueprint.cli;

import dev.blueprint.ops.OpsServer;
import dev.blueprint.runtime.exec.Pipeline;
import dev.blueprint.runtime.model.OpsAddress;
import dev.blueprint.runtime.exec.RunOutcome;
import dev.blueprint.runtime.model.Blueprint;
import dev.blueprint.runtime.validate.BlueprintLoader;
import dev.blueprint.runtime.validate.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code blueprint run FILE}: validates, then runs until every component has finished, or until
 * SIGINT/SIGTERM; a second signal stops at once.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Validates a blueprint, then runs it until every component has finished or until Ctrl-C/SIGTERM "
                + "(graceful: queued records drain; a second Ctrl-C stops at once).",
        footerHeading = "%nExamples:%n",
        footer = {"  blueprint run blueprints/hello.yaml",
            "  blueprint run --set websocket_server.port=9000 --stats 5 blueprints/chat.yaml",
            "  blueprint run --watch system.yaml      (reload on every saved change)",
            "  LOG_FORMAT=json blueprint run system.yaml > out.jsonl"})
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);
    /** Exit code after a second signal, as a shell reports a process ended by SIGINT. */
    static final int STOPPED_AT_ONCE = 130;
    /** How long a stop at once waits for components to close (sinks write their last whole lines) before halting. */
    private static final long CLOSE_WAIT_SECONDS = 5;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "FILE", description = "Blueprint file.")
    Path file;

    @Option(names = "--set", paramLabel = "COMPONENT.KEY=VALUE",
            description = "Override one config key, e.g. --set websocket_server.port=9000; repeatable.")
    List<String> overrides = List.of();

    @Option(names = "--stats", paramLabel = "SECONDS",
            description = "Print a line per component (in/out/dropped/errors/queue depth) on stderr every SECONDS.")
    Integer statsSeconds;

    @Option(names = "--http", paramLabel = "HOST:PORT|off", defaultValue = "${env:BLUEPRINT_HTTP}",
            description = "Where to serve the pipeline page, /metrics, /health and /ready (default: system.http of the blueprint, "
                    + "else 127.0.0.1:4195; a busy default port only warns). Port 0 picks a free one; off serves nothing. "
                    + "Env: BLUEPRINT_HTTP.")
    String http;

    @Option(names = "--watch", description = "Reload when the blueprint (or a worker script it names) changes: a valid version "
            + "replaces the running one, an invalid one is reported and the old one keeps running.")
    boolean watch;

    @Option(names = "--watch-settle", paramLabel = "DURATION", defaultValue = "500ms",
            description = "With --watch: apply a change once the files have stayed unchanged this long (default 500ms), so that a "
                    + "file still being written is not deployed half-saved. Raise it for a writer that pauses longer between parts; "
                    + "an editor or tool that saves atomically (write a temporary file, then rename it over) needs none.")
    String watchSettle;

    @Option(names = "--ready-file", paramLabel = "PATH",
            description = "Once every component has started, write JSON naming the ports the run bound "
                    + "({\"pid\":..,\"ops_port\":..,\"components\":{\"ws\":{\"port\":..}}}): use port 0 and read them here.")
    Path readyFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (statsSeconds != null && statsSeconds < 1) {
            throw new dev.blueprint.api.BlueprintValidationException(List.of("error: --stats takes a whole number of seconds, at least 1, was "
                    + statsSeconds));
        }
        Optional<OpsAddress> httpOption = parseHttp();
        java.time.Duration settle = parseSettle();
        BlueprintLoader loader = new BlueprintLoader(common.setUp(), System.getenv());
        // with --watch, the content the first version was read from: taken before reading, so a save in between is a change
        long firstContent = watch ? SettledChange.checksum(file) : SettledChange.MISSING;
        BlueprintLoader.Result result = loader.load(file, overrides);
        // with JSON logs a warning is a log event too, so that every line on stderr is one JSON object
        java.util.function.Consumer<String> warn = common.jsonLogs() ? org.slf4j.LoggerFactory.getLogger(RunCommand.class)::warn
                : spec.commandLine().getErr()::println;
        result.problems().stream().filter(p -> !p.error()).map(Problem::format).forEach(warn);
        Blueprint blueprint = result.orThrow();
        if (watch) {
            return new WatchedRun(loader, file, overrides, spec.commandLine().getErr(), httpOption, statsSeconds, readyFile, settle)
                    .run(blueprint, firstContent);
        }
        Pipeline pipeline = Pipeline.build(blueprint);
        OpsServer ops = OpsEndpoint.start(pipeline, httpOption);
        AtomicInteger signals = new AtomicInteger();
        CountDownLatch reported = new CountDownLatch(1);
        SignalHandler handler = sig -> {
            int n = signals.incrementAndGet();
            if (n == 1) {
                log.info("{} - received SIG{}; shutting down gracefully (send it again to stop at once)", blueprint.name(), sig.getName());
                pipeline.stop();
            } else if (n == 2) {
                log.warn("{} - received SIG{} again; stopping at once", blueprint.name(), sig.getName());
                // components are interrupted and closed, so that sinks write their last whole lines and the summary
                // can count what was queued; one that does not close in time is left behind
                pipeline.forceStop();
                if (!await(reported)) {
                    log.warn("{} - components still running {} s after being interrupted; exiting without them", blueprint.name(),
                            CLOSE_WAIT_SECONDS);
                    pipeline.summary().forEach(line -> log.info("summary: {}", line));
                    Runtime.getRuntime().halt(STOPPED_AT_ONCE);
                }
            } else {
                Runtime.getRuntime().halt(STOPPED_AT_ONCE);
            }
        };
        Signal.handle(new Signal("INT"), handler);
        Signal.handle(new Signal("TERM"), handler);
        StatsPrinter stats = statsSeconds == null ? null : StatsPrinter.start(pipeline, statsSeconds, spec.commandLine().getErr());
        try {
            pipeline.start();
            ReadyFile.write(readyFile, pipeline, ops);
            RunOutcome outcome = pipeline.awaitCompletion();
            pipeline.summary().forEach(line -> log.info("summary: {}", line));
            reported.countDown();
            if (signals.get() >= 2) {
                spec.commandLine().getErr().println("error: stopped at once by a second signal; records still queued were dropped "
                        + "(dropped_shutdown in the summary)");
                return STOPPED_AT_ONCE;
            }
            if (outcome.failure() != null) {
                spec.commandLine().getErr().println("error: " + outcome.failure());
                return BlueprintCli.RUNTIME_FAILURE;
            }
            if (outcome.graceExceeded()) {
                spec.commandLine().getErr().println("error: shutdown grace period of " + blueprint.shutdownGracePeriod().toSeconds()
                        + "s exceeded; some queued records may not have been delivered (see the summary)");
                return BlueprintCli.RUNTIME_FAILURE;
            }
            log.info("{} - finished", blueprint.name());
            return 0;
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

    /** {@code --http}, checked before anything is loaded; null when not given. */
    /** {@code --watch-settle}: a duration as blueprints write them, at least 0; a wrong one is the user's error (exit 2). */
    private java.time.Duration parseSettle() {
        try {
            java.time.Duration d = dev.blueprint.runtime.json.DurationText.parse(watchSettle);
            if (d.isNegative()) {
                throw new IllegalArgumentException("a duration must not be negative, was '" + watchSettle + "'");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new dev.blueprint.api.BlueprintValidationException(List.of("error: --watch-settle: " + e.getMessage()));
        }
    }

    private Optional<OpsAddress> parseHttp() {
        if (http == null || http.isBlank()) {
            return null;
        }
        try {
            return OpsEndpoint.parse(http);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--http: " + e.getMessage());
        }
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
