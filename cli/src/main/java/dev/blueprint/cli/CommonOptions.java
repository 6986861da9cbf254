package dev.blueprint.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import dev.blueprint.runtime.registry.ComponentRegistry;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Options every command takes: the log level and where plugin jars are. */
final class CommonOptions {
    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "${env:LOG_LEVEL:-info}",
            description = "Log level on stderr: error, warn, info, debug, trace (default: $LOG_LEVEL or info).")
    String logLevel;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "${env:LOG_FORMAT:-text}",
            description = "Log format on stderr: text, or json (one JSON object per line: timestamp, level, thread, logger, message; "
                    + "seed 000's structured logs). Default: $LOG_FORMAT or text.")
    String logFormat;

    @Option(names = "--plugins", paramLabel = "DIR", split = "${sys:path.separator}",
            description = "Directory of plugin jars holding more component types; repeatable. Also $BLUEPRINT_PLUGINS (a path list).")
    List<Path> plugins = new ArrayList<>();

    /** Applies the log level and loads the component types. */
    ComponentRegistry setUp() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level level = Level.toLevel(logLevel, null);
        if (level == null) {
            throw new dev.blueprint.api.BlueprintValidationException(List.of("error: --log-level must be error, warn, info, debug or trace, was '"
                    + logLevel + "'"));
        }
        root.setLevel(level);
        if (jsonLogs()) {
            useJsonLogs(root);
        } else if (!"text".equalsIgnoreCase(logFormat)) {
            throw new dev.blueprint.api.BlueprintValidationException(List.of("error: --log-format must be text or json, was '" + logFormat + "'"));
        }
        List<Path> dirs = new ArrayList<>(plugins);
        String env = System.getenv("BLUEPRINT_PLUGINS");
        if (env != null && !env.isBlank()) {
            for (String d : env.split(File.pathSeparator)) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        return ComponentRegistry.load(dirs);
    }

    /** Whether logs are JSON lines ({@code --log-format json}). */
    boolean jsonLogs() {
        return "json".equalsIgnoreCase(logFormat);
    }

    /**
     * Swaps the stderr appender's pattern for Logback's JSON encoder (no new dependency: it ships with
     * Logback): timestamp, level, thread, logger and the formatted message, one object per line.
     */
    private static void useJsonLogs(Logger root) {
        if (root.getAppender("STDERR") instanceof ConsoleAppender<ILoggingEvent> stderr) {
            JsonEncoder json = new JsonEncoder();
            json.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithMessage(false); // the pattern with {} placeholders: the formatted message says it all
            json.setWithArguments(false);
            json.setWithFormattedMessage(true);
            json.start();
            stderr.stop();
            stderr.setEncoder(json);
            stderr.start();
        }
    }
}
