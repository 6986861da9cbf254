package dev.blueprint.components.streamprocessor;

import dev.blueprint.api.ComponentContext;
import java.nio.file.Path;

/**
 * Where a processor's checkpoint lives between runs: one blob, written whole and replaced atomically, so that a
 * crash leaves the previous checkpoint or the new one, never a mix. Used on the component's thread only.
 */
interface StateStore extends AutoCloseable {

    /** The last checkpoint written, or null when there is none. */
    byte[] load() throws Exception;

    /** Replaces the checkpoint; returns once it is durable (fsynced, or acknowledged by the server). */
    void save(byte[] state) throws Exception;

    /** Where it is, for messages. */
    String display();

    @Override
    default void close() {
    }

    /** The store {@code config} names, for the component of {@code context}. */
    static StateStore open(StateConfig config, ComponentContext context) throws Exception {
        if (config.redis() != null) {
            return new RedisStateStore(config.redis(), "blueprint:state:" + context.systemName() + ":" + context.name(), context.name());
        }
        Path file = context.blueprintDirectory().resolve(config.file());
        return new FileStateStore(file);
    }
}
