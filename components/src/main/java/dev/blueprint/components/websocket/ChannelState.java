package dev.blueprint.components.websocket;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One channel of {@link Channels}: its offsets and history, and its subscribers. Guarded by the hub's lock, as Channels is. */
final class ChannelState {
    /** A live record held for a connection whose recovery from Redis is still being read. */
    record Held(long offset, String frame, boolean binary) {
    }

    final ChannelHistory history;
    final Set<Connection> subscribers = new LinkedHashSet<>();
    /** Cluster only: subscribers whose recovery is being read; live records wait here for them. */
    final Map<Connection, List<Held>> recovering = new HashMap<>();
    /** Cluster only: subscribers just recovered up to an offset; live records up to it are not sent again. */
    final Map<Connection, Long> floors = new HashMap<>();

    ChannelState(ChannelHistory history) {
        this.history = history;
    }
}
