package dev.blueprint.components.payload;

/**
 * How a broker source turns a message's bytes into the record's {@code data} (its {@code payload} setting). Whatever
 * is not valid UTF-8 text, or everything with {@link #BINARY}, is carried as base64 with {@code "binary": true}, as
 * the WebSocket component carries binary frames, and a sink given such a record writes the original bytes back.
 */
public enum PayloadFormat {
    /** A whole JSON document becomes that JSON, other UTF-8 text a string, anything else base64 with {@code binary: true}. */
    AUTO,
    /** Must be one JSON document; anything else goes to {@code errors} as {@code bad_json}. */
    JSON,
    /** UTF-8 text stays the exact text; bytes that are not UTF-8 become base64 with {@code binary: true}. */
    TEXT,
    /** Always base64 with {@code binary: true}: the bytes exactly, whatever they are. */
    BINARY;

    /** The {@code payload} key's description, the same on every broker source. */
    public static final String DOC = "How the message's bytes become data: auto (a whole JSON document becomes that JSON, other "
            + "UTF-8 text a string), json (must be one JSON document, else the message goes to errors as bad_json), text (the exact "
            + "text), binary (always base64). Bytes that are not valid UTF-8 are carried as base64 with \"binary\": true on the "
            + "record, and a sink with payload_field writes such a record's original bytes. Default auto (text with parse_json: false).";

    /**
     * The format a source runs with: {@code payload} when given, else what the older {@code parse_json} said
     * ({@code false} is {@link #TEXT}), else {@link #AUTO}.
     *
     * @throws dev.blueprint.api.ConfigException when both are given
     */
    public static PayloadFormat of(PayloadFormat payload, Boolean parseJson) {
        if (payload != null && parseJson != null) {
            throw new dev.blueprint.api.ConfigException("parse_json", "is replaced by payload; give payload alone (parse_json: false is "
                    + "payload: text)");
        }
        return payload != null ? payload : Boolean.FALSE.equals(parseJson) ? TEXT : AUTO;
    }
}
