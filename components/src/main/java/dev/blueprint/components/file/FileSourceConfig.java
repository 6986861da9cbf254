package dev.blueprint.components.file;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import dev.blueprint.components.payload.LineFormat;

/**
 * Config of the {@code file} source.
 *
 * @param path the file to read
 * @param format jsonl or lines
 * @param follow keep reading as the file grows, across rotation and truncation
 */
public record FileSourceConfig(
        @Doc(value = "The file to read, relative to the blueprint's folder; a missing file is a validation error unless follow is true.", example = "data/in.jsonl") String path,
        @Doc("jsonl (each line is a JSON value) or lines (each line becomes a JSON string).") LineFormat format,
        @Doc("Keep reading as the file grows, like tail -F, surviving rotation and truncation.") Boolean follow) {

    public FileSourceConfig {
        if (path == null || path.isBlank()) {
            throw new ConfigException("path", "is required for variant: file (the file to read)");
        }
        format = format == null ? LineFormat.JSONL : format;
        follow = follow != null && follow;
    }
}
