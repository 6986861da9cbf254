package dev.blueprint.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import co.elastic.logging.logback.EcsEncoder;
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
            description = "Log format on stderr: text, or json (one Elastic Common Schema object per line: @timestamp, log.level, "
                    + "message, log.logger, process.thread.name, component, error.stack_trace). Default: $LOG_FORMAT or text.")
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
        redactLogs(root);
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

    /** Every line on stderr goes through the run's one redaction, whichever the format. */
    private static void redactLogs(Logger root) {
        if (root.getAppender("STDERR") instanceof ConsoleAppender<ILoggingEvent> stderr && !(stderr.getEncoder() instanceof RedactingEncoder)) {
            RedactingEncoder clean = new RedactingEncoder(stderr.getEncoder());
            clean.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
            clean.start();
            stderr.stop();
            stderr.setEncoder(clean);
            stderr.start();
        }
    }

    /**
     * Swaps the stderr appender's pattern for Elastic's ECS encoder: one JSON object per line with
     * {@code @timestamp} (ISO-8601), {@code log.level}, {@code message}, {@code log.logger},
     * {@code process.thread.name}, the component a thread logs for as {@code component} (from the MDC) and a
     * stack trace as one {@code error.stack_trace} string. Those are the names Loki, Elastic and Datadog
     * pipelines map without a parsing rule, which Logback's own JsonEncoder (epoch millis,
     * {@code formattedMessage}) is not.
     */
    private static void useJsonLogs(Logger root) {
        if (root.getAppender("STDERR") instanceof ConsoleAppender<ILoggingEvent> stderr) {
            EcsEncoder json = new EcsEncoder();
            json.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
            json.setServiceName("blueprint");
            json.setStackTraceAsArray(false);
            json.start();
            stderr.stop();
            stderr.setEncoder(json);
            stderr.start();
        }
    }
}
