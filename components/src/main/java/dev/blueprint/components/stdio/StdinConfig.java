package dev.blueprint.components.stdio;

import dev.blueprint.api.Doc;
import dev.blueprint.components.payload.LineFormat;

/**
 * Config of the {@code stdin} source.
 *
 * @param format jsonl or lines
 */
public record StdinConfig(
        @Doc("jsonl (each line is a JSON value) or lines (each line becomes a JSON string).") LineFormat format) {

    public StdinConfig {
        format = format == null ? LineFormat.JSONL : format;
    }
}
