package dev.blueprint.components.payload;

/** How a line of text becomes a record (the file and stdin sources' {@code format}). */
public enum LineFormat {
    /** Each line is parsed as JSON. */
    JSONL,
    /** Each line becomes a JSON string. */
    LINES
}
