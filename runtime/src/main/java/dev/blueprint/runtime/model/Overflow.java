package dev.blueprint.runtime.model;

import java.util.Locale;

/** What a binding does when its queue is full. */
public enum Overflow {
    /** The sender waits: nothing is lost (the default). */
    BLOCK,
    /** The oldest queued record is dropped and counted. */
    DROP_OLDEST,
    /** The record being sent is dropped and counted. */
    DROP_NEWEST;

    /** The blueprint spelling, e.g. {@code drop_oldest}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
