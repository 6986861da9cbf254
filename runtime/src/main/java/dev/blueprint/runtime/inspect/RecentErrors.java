package dev.blueprint.runtime.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.api.Redaction;
import java.time.Instant;
import java.util.List;

/** The last {@value #SIZE} failures of one component, for people looking at a running pipeline. */
public final class RecentErrors {
    /** Failures kept. */
    public static final int SIZE = 20;

    /** Characters kept of an error's message. */
    public static final int MAX_MESSAGE = 1024;

    /**
     * One failure: when, its kind ({@code jq_error}, ...), its message (cut to {@value #MAX_MESSAGE} characters) and an
     * {@link Excerpt} of the record, or null; {@code cut} says whether the record was cut.
     */
    public record Entry(Instant time, String kind, String message, JsonNode record, boolean cut) {
    }

    private final Recent<Entry> recent = new Recent<>(SIZE);

    /**
     * Keeps a failure, as an excerpt: a failed 20 MB record costs a few KiB here. Cheap enough for every one (failures
     * are counted and logged anyway).
     */
    public void add(String kind, String message, JsonNode record) {
        Excerpt e = Excerpt.of(record);
        recent.add(new Entry(Instant.now(), kind, Excerpt.cut(Redaction.cleanText(message), MAX_MESSAGE), e.value(), e.cut()));
    }

    /** The failures kept, oldest first. */
    public List<Entry> recent() {
        return recent.snapshot();
    }
}
