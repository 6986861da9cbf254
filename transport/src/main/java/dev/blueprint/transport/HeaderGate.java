package dev.blueprint.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Admits or refuses each request on its request line and headers, before the body aggregator sees it: the
 * server's {@link HostPolicy} (WebSocket upgrades included), the route's own {@link HttpRoute#admit} (token, origin, content type, declared size), then the server's
 * {@link BodyBudget}. A refused request goes on to the router as a {@link Refused} (answered in turn, then
 * the connection closes) and its body bytes are dropped as they arrive, never buffered.
 */
final class HeaderGate<C> extends ChannelInboundHandlerAdapter {
    /** A request refused at its headers, for the router to answer in order. */
    record Refused(HttpRefusal refusal) {
    }

    private final ServerSetup<C> setup;
    private final NettyLink<C> link;
    private final boolean webSocket;
    private final HttpRoutes routes;
    private final BodyBudget budget;
    /** The current request was refused: its body is dropped as it comes. */
    private boolean discarding;
    /** The current request's body is chunked: it is reserved chunk by chunk. */
    private boolean reservingChunks;
    /** Bytes this connection holds of the budget. */
    private long held;

    HeaderGate(ServerSetup<C> setup, NettyLink<C> link, boolean webSocket, HttpRoutes routes, BodyBudget budget) {
        this.setup = setup;
        this.link = link;
        this.webSocket = webSocket;
        this.routes = routes;
        this.budget = budget;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest head) {
            discarding = false;
            reservingChunks = false;
            Optional<HttpRefusal> refusal = decide(head);
            if (refusal.isPresent()) {
                discarding = !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(msg);
                ctx.fireChannelRead(new Refused(refusal.get()));
                return;
            }
        } else if (msg instanceof HttpContent content && discarding) {
            discarding = !(msg instanceof LastHttpContent);
            content.release();
            return;
        } else if (msg instanceof HttpContent content && reservingChunks) {
            if (!reserve(content.content().readableBytes())) {
                content.release();
                reservingChunks = false;
                discarding = !(msg instanceof LastHttpContent);
                // the aggregator holds this request's head and first chunks: no answer can wait its turn
                HttpRefusal over = overBudget();
                setup.handler().onViolation(link.state, over.violation(), over.detail());
                Responses.write(ctx.channel(), over.reply(), false, false);
                return;
            }
            reservingChunks = !(msg instanceof LastHttpContent);
        }
        ctx.fireChannelRead(msg);
    }

    private Optional<HttpRefusal> decide(HttpRequest head) {
        if (head.decoderResult().isFailure()) {
            return Optional.empty(); // the router refuses what is malformed
        }
        Optional<String> foreignHost = setup.config().hosts().check(head.headers().get(io.netty.handler.codec.http.HttpHeaderNames.HOST));
        if (foreignHost.isPresent()) {
            return Optional.of(new HttpRefusal(Violation.HOST, foreignHost.get(), HttpReply.text(403, foreignHost.get() + "\n")));
        }
        if (webSocket && isUpgrade(head)) {
            return Optional.empty(); // the router refuses what is malformed; upgrades carry no body
        }
        String path;
        Map<String, List<String>> query;
        try {
            QueryStringDecoder uri = new QueryStringDecoder(head.uri());
            path = uri.path();
            query = uri.parameters();
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // the router answers 400 naming the fault
        }
        long length = contentLength(head);
        HttpHeaders headers = head.headers();
        RequestHead request = new RequestHead(head.method().name(), path, query, headers::get, length, link.remote());
        Optional<HttpRefusal> refusal = routes.find(path).admit(request);
        if (refusal.isPresent()) {
            return refusal;
        }
        if (length > 0 && length <= setup.config().maxBodyBytes()) { // larger ones the aggregator refuses with 413
            return reserve(length) ? Optional.empty() : Optional.of(overBudget());
        }
        reservingChunks = length < 0 && HttpUtil.isTransferEncodingChunked(head);
        return Optional.empty();
    }

    private static long contentLength(HttpRequest head) {
        try {
            return HttpUtil.getContentLength(head, -1L);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isUpgrade(HttpRequest request) {
        return HttpMethod.GET.equals(request.method())
                && request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    private boolean reserve(long bytes) {
        if (!budget.tryReserve(bytes)) {
            return false;
        }
        held += bytes;
        return true;
    }

    /** Gives back the body bytes of a request that has been answered. Called on this connection's I/O thread. */
    void release(long bytes) {
        long n = Math.min(bytes, held);
        held -= n;
        budget.release(n);
    }

    private HttpRefusal overBudget() {
        String detail = "request bodies being held reached max_buffered_body_bytes (" + budget.limit() + " bytes, all connections together)";
        return new HttpRefusal(Violation.BODY_BUDGET, detail,
                HttpReply.text(503, "server busy: " + detail + "; retry later\n").withHeader("Retry-After", "1"));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        release(held);
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release(held); // upgraded: a WebSocket holds no request body
    }
}
