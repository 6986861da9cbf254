package dev.blueprint.runtime.model;

import java.util.function.Supplier;

/**
 * Whether and where a run serves its ops endpoints ({@code /health}, {@code /ready}, {@code /metrics}, the pipeline
 * page), as {@code --http} or {@code system.http} says: {@linkplain Unset not said} (whoever comes next decides),
 * {@linkplain Off off}, or {@linkplain At at an address}. Three cases a reader can tell apart by type, where an
 * {@code Optional} that could itself be null used to stand for all three.
 */
public sealed interface OpsSetting permits OpsSetting.Unset, OpsSetting.Off, OpsSetting.At {
    /** Not said here: the next source ({@code system.http}, then the default) decides. */
    OpsSetting UNSET = new Unset();
    /** {@code off}: no ops server. */
    OpsSetting OFF = new Off();

    /** Not said here. */
    record Unset() implements OpsSetting {
        @Override
        public String toString() {
            return "unset";
        }
    }

    /** No ops server. */
    record Off() implements OpsSetting {
        @Override
        public String toString() {
            return "off";
        }
    }

    /**
     * Served at {@code address}.
     *
     * @param address where to listen
     */
    record At(OpsAddress address) implements OpsSetting {
        @Override
        public String toString() {
            return address.toString();
        }
    }

    /** This setting, or the one {@code fallback} gives when this one is {@linkplain Unset unset}. */
    default OpsSetting orElse(Supplier<OpsSetting> fallback) {
        return this instanceof Unset ? fallback.get() : this;
    }

    /**
     * Parses {@code HOST:PORT}, {@code :PORT} (loopback) or {@code off} ({@code false} too).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static OpsSetting parse(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("off") || t.equalsIgnoreCase("false")) {
            return OFF;
        }
        return new At(OpsAddress.parse(t, text));
    }
}
