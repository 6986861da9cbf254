package dev.blueprint.ops;

import dev.blueprint.transport.Frame;
import dev.blueprint.transport.Handshake;
import dev.blueprint.transport.HttpReply;
import dev.blueprint.transport.Link;
import dev.blueprint.transport.Transport;
import dev.blueprint.transport.TransportHandler;
import dev.blueprint.transport.Violation;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pipeline page's WebSocket ({@code /live}): every open connection gets each second's snapshot. Pages only
 * listen; what they send is ignored. A page that does not keep up skips snapshots rather than queueing them.
 */
final class LiveFeed implements TransportHandler<Link> {
    static final String PATH = "/live";
    /** A page further behind than this skips a snapshot: the next one says everything it would have. */
    private static final long MAX_PENDING_BYTES = 1 << 20;
    private final Set<Link> open = ConcurrentHashMap.newKeySet();
    private final Runnable onFatal;
    private volatile Transport<Link> transport;

    LiveFeed(Runnable onFatal) {
        this.onFatal = onFatal;
    }

    void attach(Transport<Link> transport) {
        this.transport = transport;
    }

    /** Sends {@code json} to every page that keeps up. */
    void publish(String json) {
        Transport<Link> t = transport;
        if (t == null || open.isEmpty()) {
            return;
        }
        List<Link> keepingUp = open.stream().filter(l -> l.isOpen() && l.pendingBytes() < MAX_PENDING_BYTES).toList();
        if (keepingUp.isEmpty()) {
            return;
        }
        try (Frame frame = Frame.text(json)) {
            t.send(frame, keepingUp);
        }
    }

    int connections() {
        return open.size();
    }

    @Override
    public Link onAccepted(Link link) {
        return link;
    }

    @Override
    public Optional<HttpReply> onHandshake(Link link, Handshake handshake) {
        return PATH.equals(handshake.path()) ? Optional.empty()
                : Optional.of(HttpReply.text(404, "the only WebSocket here is " + PATH + "\n"));
    }

    @Override
    public void onHttp(Link link) {
    }

    @Override
    public void onOpen(Link link) {
        open.add(link);
    }

    @Override
    public void onText(Link link, String text) {
    }

    @Override
    public void onBinary(Link link, byte[] data) {
    }

    @Override
    public void onAlive(Link link) {
    }

    @Override
    public void onViolation(Link link, Violation violation, String detail) {
    }

    @Override
    public void onClosed(Link link, int code, String reason) {
        open.remove(link);
    }

    @Override
    public void onFatal(String what, Throwable cause) {
        onFatal.run();
    }
}
