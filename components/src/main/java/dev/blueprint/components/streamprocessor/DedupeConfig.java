package dev.blueprint.components.streamprocessor;

import dev.blueprint.api.Doc;
import java.time.Duration;

/**
 * Config of the {@code dedupe} processor.
 *
 * @param key jq key; records with a key seen before go to duplicates
 * @param window how long a key is remembered
 * @param size keys remembered
 */
public record DedupeConfig(
        @Doc("jq expression giving a record's key; . is the whole record.") String key,
        @Doc("How long a key is remembered; absent: until pushed out by size.") Duration window,
        @Doc("Keys remembered; the oldest is forgotten first.") Integer size) {

    public DedupeConfig {
        key = key == null ? "." : key;
        size = size == null ? 10_000 : size;
        Positive.check("window", window);
        Positive.check("size", size);
    }
}
