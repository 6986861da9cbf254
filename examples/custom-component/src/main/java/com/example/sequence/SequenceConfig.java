package com.example.sequence;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;

/**
 * Config of the {@code sequence} variant of {@code Source}: its own keys only, each with its default
 * (or, for {@code to}, an example, as a required key has).
 *
 * @param from the first number
 * @param to the last number
 * @param step the difference between two numbers
 */
public record SequenceConfig(
        @Doc("The first number.") Long from,
        @Doc(value = "The last number (required): the source finishes after it.", example = "10") Long to,
        @Doc("The difference between two numbers; negative counts down.") Long step) {

    public SequenceConfig {
        from = from == null ? 1L : from;
        step = step == null ? 1L : step;
        if (to == null) {
            throw new ConfigException("to", "is required: the last number of the sequence");
        }
        if (step == 0) {
            throw new ConfigException("step", "must not be 0");
        }
    }
}
