package dev.blueprint.components.websocket;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import org.java_websocket.WebSocketImpl;

/**
 * Re-asks for write interest on connections whose queue holds frames but whose selection key lost
 * {@code OP_WRITE}. Java-WebSocket's selector resets the key to {@code OP_READ} after draining a queue,
 * which races with another thread's enqueue + write demand and can strand the last frames of a burst
 * until the next send; this runs often enough (every 20 ms) to bound that delay.
 */
final class WriteNudge implements Runnable {
    static final long PERIOD_MILLIS = 20;
    private final ConnectionRegistry registry;
    private final SocketServer server;

    WriteNudge(ConnectionRegistry registry, SocketServer server) {
        this.registry = registry;
        this.server = server;
    }

    @Override
    public void run() {
        for (Connection c : registry.all()) {
            WebSocketImpl socket = c.socket;
            if (socket.outQueue.isEmpty()) {
                continue;
            }
            SelectionKey key = socket.getSelectionKey();
            try {
                if (key != null && key.isValid() && (key.interestOps() & SelectionKey.OP_WRITE) == 0) {
                    server.onWriteDemand(socket);
                }
            } catch (CancelledKeyException e) {
                // closed meanwhile: nothing to write
            }
        }
    }
}
