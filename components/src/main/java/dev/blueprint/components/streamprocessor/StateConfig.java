package dev.blueprint.components.streamprocessor;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import java.time.Duration;

/**
 * Where a stateful processor checkpoints its state: a Redis server or a local file, one of the two.
 *
 * @param redis Redis URL
 * @param file local file
 * @param interval time between checkpoints
 */
public record StateConfig(
        @Doc("Redis URL (redis://host:port) holding the state under the key blueprint:state:<system>:<component>.") String redis,
        @Doc("Local file holding the state (written beside it, then renamed over it).") String file,
        @Doc("Time between checkpoints; a record is acknowledged once a checkpoint holds it (or its window was emitted).")
        Duration interval) {

    public StateConfig {
        if ((redis == null) == (file == null)) {
            throw new ConfigException("state", "takes one of redis: URL or file: path");
        }
        interval = interval == null ? Duration.ofSeconds(1) : interval;
        Positive.check("state.interval", interval);
    }
}
