package dev.blueprint.runtime.model;

import dev.blueprint.runtime.yaml.Location;

/**
 * A binding of a validated blueprint: one queue from an output to an input.
 *
 * @param fromComponent sending component
 * @param fromStream sending component's output stream
 * @param toComponent receiving component
 * @param toStream receiving component's input stream
 * @param capacity queue capacity in records
 * @param overflow what happens when the queue is full
 * @param location where the binding is declared
 */
public record BindingDecl(
        String fromComponent,
        String fromStream,
        String toComponent,
        String toStream,
        int capacity,
        Overflow overflow,
        Location location) {

    /** Default queue capacity. */
    public static final int DEFAULT_CAPACITY = 1024;

    /** {@code from.stream -> to.stream}, as used in metrics and logs. */
    public String label() {
        return fromComponent + "." + fromStream + " -> " + toComponent + "." + toStream;
    }
}
