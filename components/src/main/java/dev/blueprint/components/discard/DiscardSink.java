package dev.blueprint.components.discard;

import dev.blueprint.api.Component;
import dev.blueprint.api.Record;

/** Takes records and keeps nothing; the runtime counts them (benchmarks, tests). */
final class DiscardSink implements Component {
    @Override
    public void onRecord(String input, Record record) {
        // counted by the runtime as records in
    }
}
