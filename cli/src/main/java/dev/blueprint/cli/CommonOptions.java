package dev.blueprint.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
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

    @Option(names = "--plugins", paramLabel = "DIR", split = "${sys:path.separator}",
            description = "Directory of plugin jars holding more component types; repeatable. Also $BLUEPRINT_PLUGINS (a path list).")
    List<Path> plugins = new ArrayList<>();

    /** Applies the log level and loads the component types. */
    ComponentRegistry setUp() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(logLevel, Level.INFO));
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
}
