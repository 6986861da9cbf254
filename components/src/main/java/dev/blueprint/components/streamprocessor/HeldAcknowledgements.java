package dev.blueprint.components.streamprocessor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.api.Acknowledgement;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import java.util.ArrayList;
import java.util.List;

/**
 * The acknowledgements of the records a processor keeps (a batch, a window's group) until it emits what they
 * became: each record's source message counts as handled only once that emitted record has been, so a crash
 * while records wait in a batch loses nothing (their sources get them again). Untracked records cost nothing.
 * Used on the component's thread only.
 */
final class HeldAcknowledgements {
    private List<Acknowledgement> held = new ArrayList<>();

    /** Keeps the acknowledgement of the record being handled ({@code onRecord} only). */
    void hold(ComponentContext context) {
        Acknowledgement a = context.hold();
        if (a.isTracked()) {
            held.add(a);
        }
    }

    /** Keeps {@code a}, a hold the caller took, until the result is handled. */
    void add(Acknowledgement a) {
        held.add(a);
    }

    /** Takes over what {@code other} holds (two windows that became one). */
    void takeFrom(HeldAcknowledgements other) {
        held.addAll(other.held);
        other.held = new ArrayList<>();
    }

    /** Releases every held acknowledgement as handled without emitting (a window dropped on purpose). */
    void release() {
        held.forEach(Acknowledgement::release);
        held = new ArrayList<>();
    }

    /**
     * Emits {@code value} as what every held record became; they are released once it has been handled, or given
     * back as failed when it failed, so that their sources redeliver them.
     */
    void emit(Output out, JsonNode value) {
        if (held.isEmpty()) {
            out.emit(value);
            return;
        }
        List<Acknowledgement> these = held;
        held = new ArrayList<>();
        // a result a sink gave up on fails its records too, so that their sources can redeliver them
        out.emit(value, () -> these.forEach(Acknowledgement::release), reason -> these.forEach(a -> a.fail(reason)));
    }
}
