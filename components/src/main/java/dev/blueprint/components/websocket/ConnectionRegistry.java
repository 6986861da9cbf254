package dev.blueprint.components.websocket;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The open connections, by id and by session, and the slots that bound how many there may be. */
final class ConnectionRegistry {
    private final ConcurrentHashMap<String, Connection> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<Connection>> bySession = new ConcurrentHashMap<>();
    private final AtomicInteger slots = new AtomicInteger();
    private final int maxConnections;
    /** A handshake admitted before the shutdown can complete after the shutdown's pass over the connections. */
    private volatile boolean closing;

    ConnectionRegistry(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    /** Takes a slot for a handshake in progress; false when every slot is taken. */
    boolean reserveSlot(Connection c) {
        while (true) {
            int used = slots.get();
            if (used >= maxConnections) {
                return false;
            }
            if (slots.compareAndSet(used, used + 1)) {
                c.holdsSlot = true;
                return true;
            }
        }
    }

    /** Gives a connection's slot back (idempotent). */
    void releaseSlot(Connection c) {
        if (c.holdsSlot) {
            c.holdsSlot = false;
            slots.decrementAndGet();
        }
    }

    /**
     * Adds an open connection. Returns false once the server has begun closing every client: its pass over the
     * connections may have missed this one, so the caller closes it (with the same 1001) itself.
     */
    boolean add(Connection c) {
        byId.put(c.id, c);
        if (c.sessionId != null) {
            bySession.computeIfAbsent(c.sessionId, k -> ConcurrentHashMap.newKeySet()).add(c);
        }
        return !closing;
    }

    /** The server closes every client from now on: see {@link #add}. Set before its pass over {@link #all()}. */
    void startClosing() {
        closing = true;
    }

    void remove(Connection c) {
        byId.remove(c.id);
        if (c.sessionId != null) {
            bySession.computeIfPresent(c.sessionId, (k, set) -> {
                set.remove(c);
                return set.isEmpty() ? null : set;
            });
        }
    }

    Collection<Connection> all() {
        return byId.values();
    }

    Collection<Connection> session(String sessionId) {
        Set<Connection> set = bySession.get(sessionId);
        return set == null ? List.of() : set;
    }

    Collection<Connection> connection(String id) {
        Connection c = byId.get(id);
        return c == null ? List.of() : List.of(c);
    }

    int size() {
        return byId.size();
    }
}
