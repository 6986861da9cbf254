package dev.blueprint.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One datum flowing through a pipeline: a JSON value plus the metadata the runtime stamps on it.
 *
 * <p>Immutable and safe to share between threads. The JSON value must not be mutated after the record
 * has been emitted: fan-out hands the same instance to every receiver.
 */
public final class Record {
    private final JsonNode value;
    private final long sequence;
    private final String origin;
    private final long createdMillis;
    private final Acknowledgement acknowledgement;

    /**
     * Creates a record.
     *
     * @param value the JSON payload, never null (use {@code NullNode} for JSON null)
     * @param sequence the sequence number given by the origin component (1, 2, 3, ... per component)
     * @param origin the name of the component that created the record
     * @param createdMillis creation time in epoch milliseconds
     */
    public Record(JsonNode value, long sequence, String origin, long createdMillis) {
        this(value, sequence, origin, createdMillis, Acknowledgement.NONE);
    }

    /**
     * Creates a record that carries the acknowledgement of the source message it derives from.
     *
     * @param acknowledgement {@link Acknowledgement#NONE} when no source waits for it
     */
    public Record(JsonNode value, long sequence, String origin, long createdMillis, Acknowledgement acknowledgement) {
        this.value = Objects.requireNonNull(value, "value");
        this.sequence = sequence;
        this.origin = Objects.requireNonNull(origin, "origin");
        this.createdMillis = createdMillis;
        this.acknowledgement = Objects.requireNonNull(acknowledgement, "acknowledgement");
    }

    /** The acknowledgement of the source message this record derives from; {@link Acknowledgement#NONE} if none. */
    public Acknowledgement acknowledgement() {
        return acknowledgement;
    }

    /** The JSON payload. */
    public JsonNode value() {
        return value;
    }

    /** Sequence number within the origin component, starting at 1. */
    public long sequence() {
        return sequence;
    }

    /** Name of the component that created this record. */
    public String origin() {
        return origin;
    }

    /** Creation time in epoch milliseconds. */
    public long createdMillis() {
        return createdMillis;
    }

    /** Creation time as an instant. */
    public Instant created() {
        return Instant.ofEpochMilli(createdMillis);
    }

    @Override
    public String toString() {
        return origin + "#" + sequence + " " + value;
    }
}
