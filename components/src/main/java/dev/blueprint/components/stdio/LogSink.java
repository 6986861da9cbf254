package dev.blueprint.components.stdio;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** Writes each record as a line of the application log (stderr), {@code "<name> - <json>"}, at one level. */
final class LogSink implements Component {
    private static final Logger log = LoggerFactory.getLogger(LogSink.class);
    private final Level level;
    private String name;

    LogSink(Level level) {
        this.level = level;
    }

    @Override
    public void start(ComponentContext context) {
        name = context.name();
    }

    @Override
    public void onRecord(String input, Record record) {
        if (log.isEnabledForLevel(level)) {
            log.atLevel(level).log("{} - {}", name, record.value());
        }
    }
}
