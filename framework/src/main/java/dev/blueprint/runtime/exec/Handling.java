package dev.blueprint.runtime.exec;

import dev.blueprint.api.Acknowledgement;

/**
 * The acknowledgement of the record a component's thread is handling, so that what it emits meanwhile
 * derives from that record and carries the same acknowledgement. Other threads see {@link Acknowledgement#NONE}.
 */
final class Handling {
    private static final ThreadLocal<Acknowledgement> CURRENT = ThreadLocal.withInitial(() -> Acknowledgement.NONE);

    private Handling() {
    }

    static Acknowledgement current() {
        return CURRENT.get();
    }

    static void begin(Acknowledgement acknowledgement) {
        CURRENT.set(acknowledgement);
    }

    static void end() {
        CURRENT.set(Acknowledgement.NONE);
    }
}
