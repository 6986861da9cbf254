package dev.blueprint.components.sink;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;

/**
 * Config of the {@code Sink} type.
 *
 * @param variant where records go
 * @param path the file of the file variant
 * @param append whether the file variant appends to an existing file
 */
public record SinkConfig(
        @Doc("Where records go: log (JSON lines on stdout, the default), file (JSON lines appended to path), discard (count only).") Variant variant,
        @Doc("File: the file to write JSON lines to (created with its directories).") String path,
        @Doc("File: append to an existing file (true) or truncate it at start (false).") Boolean append) {

    /** The sink variants. */
    public enum Variant {
        /** JSON lines on standard output. */
        LOG,
        /** JSON lines appended to a file. */
        FILE,
        /** Counts only. */
        DISCARD
    }

    public SinkConfig {
        variant = variant == null ? Variant.LOG : variant;
        append = append == null ? Boolean.TRUE : append;
        if (variant == Variant.FILE && (path == null || path.isBlank())) {
            throw new ConfigException("path", "is required for variant: file (the file to write JSON lines to)");
        }
    }
}
