package dev.blueprint.components.websocket;

import dev.blueprint.components.websocket.WebSocketConfig.SlowConsumer;
import dev.blueprint.transport.Frame;
import dev.blueprint.transport.Link;
import dev.blueprint.transport.Transport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import dev.blueprint.transport.QuietLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one encoded frame to many connections. The frame is built once and every connection is handed
 * the same bytes (no per-client serialisation or copy; connections that negotiated compression get their
 * own deflated frame for larger messages). Each connection's pending bytes are checked against the
 * budget first, so a slow client costs the others nothing. Called from the component's thread for input
 * records, and from the admin API, an embedding application or the cluster link for sends; sends are
 * serialised (one lock, uncontended in a plain pipeline) so that every connection gets frames in the
 * order they were sent.
 */
final class BroadcastHub {
    private static final Logger log = LoggerFactory.getLogger(BroadcastHub.class);

    private final String name;
    private final long maxPendingBytes;
    private final SlowConsumer policy;
    private final WebSocketMetrics metrics;
    private final QuietLog quiet = new QuietLog(log);
    private Transport<Connection> transport;
    /** Reused under the lock: the connections that take the current frame. */
    private final List<Link> takers = new ArrayList<>();

    BroadcastHub(String name, long maxPendingBytes, SlowConsumer policy, WebSocketMetrics metrics) {
        this.name = name;
        this.maxPendingBytes = maxPendingBytes;
        this.policy = policy;
        this.metrics = metrics;
    }

    void attach(Transport<Connection> transport) {
        this.transport = transport;
    }

    /** Sends {@code text} to every connection in {@code targets}. */
    Delivery broadcast(String text, Collection<Connection> targets) {
        return broadcast(text, false, targets);
    }

    /**
     * Sends {@code payload} to every connection in {@code targets}: as a text frame, or with {@code binary}
     * as a binary frame of the bytes the payload encodes in base64.
     *
     * @throws IllegalArgumentException when a binary payload is not base64
     */
    synchronized Delivery broadcast(String payload, boolean binary, Collection<Connection> targets) {
        long t0 = System.nanoTime();
        int closed = 0;
        int slow = 0;
        takers.clear();
        try (Frame frame = binary ? Frame.binary(java.util.Base64.getDecoder().decode(payload)) : Frame.text(payload)) {
            int size = frame.size();
            for (Connection c : targets) {
                if (!c.open || !c.link.isOpen()) {
                    if (!c.reportedClosed) { // once per connection, so that D adds up across reports
                        c.reportedClosed = true;
                        closed++;
                    }
                    continue;
                }
                if (c.pendingBytes() + size > maxPendingBytes) {
                    slow++;
                    onSlow(c);
                    continue;
                }
                c.countOut();
                takers.add(c.link);
            }
            if (!takers.isEmpty()) {
                transport.send(frame, takers);
            }
            int sent = takers.size();
            metrics.broadcasts.increment();
            metrics.messagesSent.add(sent);
            metrics.bytesSent.add((long) sent * size);
            metrics.broadcastTook(System.nanoTime() - t0);
            return new Delivery(sent, closed, slow);
        } finally {
            takers.clear();
        }
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
        quiet.warn("slow_consumer", "{} - closing slow consumer {}: {} bytes pending (max_pending_bytes {})", name, c, c.pendingBytes(),
                maxPendingBytes);
        c.closeReason = "slow consumer";
        // the close frame queues behind what the client has not read; if it never reads, the TCP connection goes after 2 s
        c.link.close(1008, "slow consumer: over max_pending_bytes");
    }
}
