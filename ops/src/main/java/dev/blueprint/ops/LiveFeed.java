package dev.blueprint.ops;

import dev.blueprint.transport.Frame;
import dev.blueprint.transport.Handshake;
import dev.blueprint.transport.HttpReply;
import dev.blueprint.transport.Link;
import dev.blueprint.transport.OriginPolicy;
import dev.blueprint.transport.QuietLog;
import dev.blueprint.transport.Transport;
import dev.blueprint.transport.TransportHandler;
import dev.blueprint.transport.Violation;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pipeline page's WebSocket ({@code /live}): every open connection gets each second's snapshot. Pages only
 * listen; what they send is ignored. A page that does not keep up skips snapshots rather than queueing them. Only
 * the server's own pages may open it (a foreign {@code Origin} gets 403: any page in the user's browser could
 * otherwise read the stats), and only with the token when the server needs one. Every refusal of the server is
 * counted here, by reason.
 */
final class LiveFeed implements TransportHandler<Link> {
    static final String PATH = "/live";
    /** A page further behind than this skips a snapshot: the next one says everything it would have. */
    private static final long MAX_PENDING_BYTES = 1 << 20;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LiveFeed.class);
    private final Set<Link> open = ConcurrentHashMap.newKeySet();
    private final java.util.function.Consumer<String> onFatal;
    private final OpsAccess access;
    private final OpsRefusals refusals;
    private final OriginPolicy origins = OriginPolicy.sameOriginAnd(List.of());
    private final QuietLog quiet = new QuietLog(log);
    private volatile Transport<Link> transport;

    LiveFeed(OpsAccess access, OpsRefusals refusals, java.util.function.Consumer<String> onFatal) {
        this.access = access;
        this.refusals = refusals;
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
        if (!PATH.equals(handshake.path())) {
            return Optional.of(HttpReply.text(404, "the only WebSocket here is " + PATH + "\n"));
        }
        String origin = handshake.headers().get("Origin");
        Transport<Link> t = transport;
        if (!origins.allows(origin, handshake.headers().get("Host"), port -> t != null && t.address().getPort() == port)) {
            refused(link, Violation.ORIGIN, "a page of origin " + origin + " asked for " + PATH);
            return Optional.of(HttpReply.text(403, "Origin " + origin + " may not open " + PATH
                    + ": only the ops server's own pages may (same origin)\n"));
        }
        if (!access.authenticated(handshake.headers(), handshake.queryParam(OpsAccess.QUERY))) {
            refused(link, Violation.UNAUTHORIZED, "no valid ops token for " + PATH);
            return Optional.of(OpsAccess.unauthorized());
        }
        return Optional.empty();
    }

    private void refused(Link link, Violation v, String detail) {
        refusals.count(v.reason());
        quiet.warn(v.reason(), "ops - refused a request from {}: {} (counted as reason {})", link, detail, v.reason());
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
        if (violation.beforeHandshake()) {
            refused(link, violation, detail);
        }
    }

    @Override
    public void onClosed(Link link, int code, String reason) {
        open.remove(link);
    }

    @Override
    public void onFatal(String what, Throwable cause) {
        onFatal.accept(what + (cause == null ? "" : ": " + cause));
    }
}
