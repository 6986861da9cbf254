package dev.blueprint.cli;

import dev.blueprint.api.BlueprintValidationException;
import dev.blueprint.runtime.json.DurationText;
import dev.blueprint.runtime.model.Blueprint;
import dev.blueprint.runtime.model.OpsSetting;
import dev.blueprint.runtime.validate.BlueprintLoader;
import dev.blueprint.runtime.validate.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

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

    @Option(names = "--http-allowed-hosts", paramLabel = "NAME[,NAME...]", split = ",",
            defaultValue = "${env:BLUEPRINT_HTTP_ALLOWED_HOSTS}",
            description = "Host names the ops server answers besides localhost and IP addresses (a Service name, a proxy's "
                    + "name; .example.com for a domain and its subdomains). Others get 403 (DNS rebinding guard). "
                    + "Env: BLUEPRINT_HTTP_ALLOWED_HOSTS.")
    List<String> httpAllowedHosts;

    @Option(names = "--http-insecure", description = "Serve the ops server off loopback without a token (it is needed otherwise: "
            + "BLUEPRINT_HTTP_TOKEN, or one generated and printed at start). Logs a WARN.")
    boolean httpInsecure;

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
            throw new BlueprintValidationException(List.of("error: --stats takes a whole number of seconds, at least 1, was "
                    + statsSeconds));
        }
        OpsEndpoint.Options opsOptions = new OpsEndpoint.Options(parseHttp(), httpAllowedHosts == null ? List.of()
                : httpAllowedHosts.stream().map(String::strip).filter(h -> !h.isEmpty()).toList(), httpInsecure,
                System.getenv("BLUEPRINT_HTTP_TOKEN"), spec.commandLine().getErr(), common.jsonLogs());
        Duration settle = parseSettle();
        BlueprintLoader loader = new BlueprintLoader(common.setUp(), System.getenv());
        // with --watch, the content the first version was read from: taken before reading, so a save in between is a change
        long firstContent = watch ? SettledChange.checksum(file) : SettledChange.MISSING;
        BlueprintLoader.Result result = loader.load(file, overrides);
        // with JSON logs a warning is a log event too, so that every line on stderr is one JSON object
        java.util.function.Consumer<String> warn = common.jsonLogs() ? org.slf4j.LoggerFactory.getLogger(RunCommand.class)::warn
                : spec.commandLine().getErr()::println;
        result.problems().stream().filter(p -> !p.error()).map(Problem::format).forEach(warn);
        Blueprint blueprint = result.orThrow();
        PrintWriter err = spec.commandLine().getErr();
        RunSession.Reloader reloader = watch
                ? new WatchedRun(loader, file, overrides, err, blueprint, firstContent, applied -> new SettledChange(settle, applied))
                : RunSession.NO_RELOAD;
        return new RunSession(err, opsOptions, statsSeconds, readyFile).run(blueprint, reloader);
    }

    /** {@code --watch-settle}: a duration as blueprints write them, at least 0; a wrong one is the user's error (exit 2). */
    private Duration parseSettle() {
        try {
            Duration d = DurationText.parse(watchSettle);
            if (d.isNegative()) {
                throw new IllegalArgumentException("a duration must not be negative, was '" + watchSettle + "'");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new BlueprintValidationException(List.of("error: --watch-settle: " + e.getMessage()));
        }
    }

    /** {@code --http}, checked before anything is loaded; {@link OpsSetting#UNSET} when not given. */
    private OpsSetting parseHttp() {
        if (http == null || http.isBlank()) {
            return OpsSetting.UNSET;
        }
        try {
            return OpsSetting.parse(http);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--http: " + e.getMessage());
        }
    }
}
