package dev.blueprint.runtime.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** The last {@value #SIZE} failures of one component, for people looking at a running pipeline. */
public final class RecentErrors {
    /** Failures kept. */
    public static final int SIZE = 20;

    /** One failure: when, its kind ({@code jq_error}, ...), its message and the record, or null. */
    public record Entry(Instant time, String kind, String message, JsonNode record) {
    }

    private final Recent<Entry> recent = new Recent<>(SIZE);

    /** Keeps a failure; cheap enough for every one (failures are counted and logged anyway). */
    public void add(String kind, String message, JsonNode record) {
        recent.add(new Entry(Instant.now(), kind, message, record));
    }

    /** The failures kept, oldest first. */
    public List<Entry> recent() {
        return recent.snapshot();
    }
}
