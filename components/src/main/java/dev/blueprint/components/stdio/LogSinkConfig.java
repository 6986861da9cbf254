package dev.blueprint.components.stdio;

import dev.blueprint.api.Doc;
import org.slf4j.event.Level;

/**
 * Config of the {@code log} sink (the default {@code Sink}).
 *
 * @param level write to the application log at this level instead of stdout
 */
public record LogSinkConfig(
        @Doc("Write each record to the application log (stderr) at this level instead of stdout: trace, debug, info, warn, "
                + "error. Absent: JSON lines on stdout.") Level level) {
}
