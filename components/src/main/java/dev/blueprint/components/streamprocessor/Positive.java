package dev.blueprint.components.streamprocessor;

import dev.blueprint.api.ConfigException;
import java.time.Duration;

/** The range check the processors' counts and durations share. */
final class Positive {
    private Positive() {
    }

    static void check(String key, Integer value) {
        if (value != null && value <= 0) {
            throw new ConfigException(key, "must be positive, was " + value);
        }
    }

    static void check(String key, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new ConfigException(key, "must be positive, was " + value);
        }
    }
}
