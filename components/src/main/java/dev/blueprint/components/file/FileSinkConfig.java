package dev.blueprint.components.file;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.DataSize;
import dev.blueprint.api.Doc;

/**
 * Config of the {@code file} sink.
 *
 * @param path the file to write JSON lines to
 * @param append whether to append to an existing file
 * @param rotateBytes size at which the file is rotated
 */
public record FileSinkConfig(
        @Doc(value = "The file to write JSON lines to (created with its directories), relative to the blueprint's folder.", example = "out/records.jsonl") String path,
        @Doc("Append to an existing file (true) or truncate it at start (false).") Boolean append,
        @Doc("Once the file reaches this size it is renamed to path.1, path.2, ... and a new one started; no rotation when absent.")
        DataSize rotateBytes) {

    public FileSinkConfig {
        if (path == null || path.isBlank()) {
            throw new ConfigException("path", "is required for variant: file (the file to write JSON lines to)");
        }
        append = append == null || append;
        if (rotateBytes != null && rotateBytes.bytes() == 0) {
            throw new ConfigException("rotate_bytes", "must be positive; leave it out for no rotation");
        }
    }
}
