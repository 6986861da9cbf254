package dev.blueprint.components.streamprocessor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;

/**
 * One open window of one key: its bounds, its figures, the source message ids it counted (for deduplication), and
 * the acknowledgements of its records while they wait for it to be emitted (without a state store).
 */
final class Pane {
    final String keyText;
    final JsonNode key;
    long start;
    long end;
    final Aggregate aggregate;
    /** Ids counted here; null when no id expression is set. */
    final Set<String> ids;
    final HeldAcknowledgements held = new HeldAcknowledgements();
    /** Emitted, waiting for its result to be handled (kept in checkpoints until then). */
    boolean emitted;

    Pane(String keyText, JsonNode key, long start, long end, Aggregate aggregate, boolean withIds) {
        this.keyText = keyText;
        this.key = key;
        this.start = start;
        this.end = end;
        this.aggregate = aggregate;
        this.ids = withIds ? new HashSet<>() : null;
    }
}
