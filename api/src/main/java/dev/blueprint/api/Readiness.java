package dev.blueprint.api;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Whether the pipeline can do its work now: the checks its components registered, shared by every
 * component of one run. A component that depends on something outside the process (a Redis server, say)
 * registers a check in {@link Component#start}; a component that serves a readiness probe (the WebSocket
 * component's {@code /ready}) asks {@link #notReady()}. The runtime itself knows no concrete check.
 *
 * <p>Thread-safe: any thread may register and ask.
 */
public interface Readiness {

    /**
     * Registers a check. {@code check} is called on the thread that asks {@link #notReady()}, possibly
     * often, so it must return at once without I/O (read a flag or a connection's state).
     *
     * @param name what the check is about, as a probe should show it, e.g.
     *     {@code "redis_in: redis://127.0.0.1:6379"}
     * @param check true while ready
     */
    void register(String name, BooleanSupplier check);

    /**
     * The names of the checks that report not ready now, in registration order; empty when every check is
     * ready (or none is registered). Does not block beyond calling the checks.
     */
    List<String> notReady();
}
