package dev.blueprint.components.streamprocessor;

import dev.blueprint.api.Doc;
import java.time.Duration;

/**
 * Config of the {@code batch} processor.
 *
 * @param size records per batch
 * @param duration longest wait before a partial batch is sent
 */
public record BatchConfig(
        @Doc("Records per batch.") Integer size,
        @Doc("Longest wait before a partial batch is sent.") Duration duration) {

    public BatchConfig {
        size = size == null ? 100 : size;
        duration = duration == null ? Duration.ofSeconds(1) : duration;
        Positive.check("size", size);
        Positive.check("duration", duration);
    }
}
