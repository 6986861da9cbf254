package dev.blueprint.components.websocket;

import dev.blueprint.components.websocket.WebSocketConfig.SlowConsumer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.extensions.permessage_deflate.PerMessageDeflateExtension;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one encoded frame to many connections. The frame is built once and each connection's queue gets
 * a view of the same bytes (no per-client copy or serialisation); connections that negotiated
 * compression get their own deflated frame. Each connection's pending bytes are checked against the
 * budget first, so a slow client costs the others nothing. Called from the component's thread for input
 * records, and from the admin API or an embedding application for {@code send}/{@code broadcast}; sends are
 * serialised (one lock, uncontended in a plain pipeline) so that frames deflated with a connection's
 * shared compression context reach its queue in the order they were compressed.
 */
final class BroadcastHub {
    private static final Logger log = LoggerFactory.getLogger(BroadcastHub.class);
    private static final long HARD_CLOSE_DELAY_MS = 2000;

    private final String name;
    private final long maxPendingBytes;
    private final SlowConsumer policy;
    private final WebSocketMetrics metrics;
    private final ScheduledExecutorService timers;
    private SocketServer server;

    BroadcastHub(String name, long maxPendingBytes, SlowConsumer policy, WebSocketMetrics metrics,
            ScheduledExecutorService timers) {
        this.name = name;
        this.maxPendingBytes = maxPendingBytes;
        this.policy = policy;
        this.metrics = metrics;
        this.timers = timers;
    }

    void attach(SocketServer server) {
        this.server = server;
    }

    /** Sends {@code text} to every connection in {@code targets}. */
    synchronized Delivery broadcast(String text, Collection<Connection> targets) {
        long t0 = System.nanoTime();
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = null;
        int sent = 0;
        int closed = 0;
        int slow = 0;
        long bytes = 0;
        for (Connection c : targets) {
            WebSocketImpl socket = c.socket;
            if (!c.open || !socket.isOpen()) {
                if (!c.reportedClosed) { // once per connection, so that D adds up across reports
                    c.reportedClosed = true;
                    closed++;
                }
                continue;
            }
            ByteBuffer own;
            if (compressed(socket)) {
                own = deflated(socket, text);
            } else {
                if (frame == null) {
                    frame = FrameEncoder.text(payload);
                }
                own = frame.duplicate();
            }
            int size = own.remaining();
            if (c.pendingBytes() + size > maxPendingBytes) {
                slow++;
                onSlow(c);
                continue;
            }
            c.enqueuedBytes.addAndGet(size);
            socket.outQueue.add(own);
            server.onWriteDemand(socket);
            c.countOut();
            sent++;
            bytes += size;
        }
        metrics.broadcasts.increment();
        metrics.messagesSent.add(sent);
        metrics.bytesSent.add(bytes);
        metrics.broadcastLatency.record(System.nanoTime() - t0);
        return new Delivery(sent, closed, slow);
    }

    private static boolean compressed(WebSocketImpl socket) {
        Draft d = socket.getDraft();
        return d instanceof Draft_6455 d6455 && d6455.getExtension() instanceof PerMessageDeflateExtension;
    }

    private static ByteBuffer deflated(WebSocketImpl socket, String text) {
        Draft draft = socket.getDraft();
        List<Framedata> frames = draft.createFrames(text, false);
        if (frames.size() == 1) {
            return draft.createBinaryFrame(frames.get(0));
        }
        int total = 0;
        ByteBuffer[] parts = new ByteBuffer[frames.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = draft.createBinaryFrame(frames.get(i));
            total += parts[i].remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(total);
        for (ByteBuffer p : parts) {
            all.put(p);
        }
        return all.flip();
    }

    private void onSlow(Connection c) {
        if (policy == SlowConsumer.DROP) {
            metrics.error("slow_consumer_dropped");
            return;
        }
        if (c.closeReason != null) {
            return; // already being closed
        }
        metrics.error("slow_consumer_disconnected");
        metrics.closed("slow_consumer");
        log.warn("{} - closing slow consumer {}: {} bytes pending (max_pending_bytes {})", name, c, c.pendingBytes(), maxPendingBytes);
        c.closeReason = "slow consumer";
        WebSocketImpl socket = c.socket;
        ByteBuffer head = socket.outQueue.peek();
        socket.outQueue.removeIf(b -> b != head); // keep the frame being written, so the close frame is valid
        socket.close(CloseFrame.POLICY_VALIDATION, "slow consumer: over max_pending_bytes");
        timers.schedule(() -> {
            if (!socket.isClosed()) {
                socket.closeConnection(CloseFrame.POLICY_VALIDATION, "slow consumer");
            }
        }, HARD_CLOSE_DELAY_MS, TimeUnit.MILLISECONDS);
    }
}
