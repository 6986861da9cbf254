package dev.blueprint.runtime.exec;

import dev.blueprint.api.Acknowledgement;

/**
 * The acknowledgement of the record a component's own thread is handling, so that what it emits meanwhile
 * derives from that record and carries the same acknowledgement; other threads see {@link Acknowledgement#NONE}.
 * One per component rather than a thread-local: the emitting thread is compared with the component's thread,
 * which is cheaper on the path every record takes.
 */
final class Handling {
    private volatile Thread owner;
    private Acknowledgement current = Acknowledgement.NONE;

    /** The component's thread: the only one that handles records. */
    void own(Thread thread) {
        owner = thread;
    }

    /** The acknowledgement of the record being handled, when called on the component's thread. */
    Acknowledgement current() {
        return Thread.currentThread() == owner ? current : Acknowledgement.NONE;
    }

    void begin(Acknowledgement acknowledgement) {
        current = acknowledgement;
    }

    void end() {
        current = Acknowledgement.NONE;
    }
}
