package dev.blueprint.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.ssl.SslHandler;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a complete request is: a WebSocket upgrade (handed to the component to accept or refuse,
 * then handshaken, after which this handler gives way to the frame handlers) or a plain HTTP request
 * (served by a route on a worker thread, one request at a time per connection).
 */
final class HttpRouter<C> extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpRouter.class);

    /** Pipelined requests a connection may have waiting; one more closes it. */
    static final int MAX_PIPELINED = 16;

    private final ServerSetup<C> setup;
    private final NettyLink<C> link;
    private final RequestDeadline deadline;
    private final HeaderGate<C> gate;
    private final boolean webSocket;
    private boolean countedHttp;
    /**
     * Requests read while one is being served. Turning auto-read off does not stop the codec decoding the
     * rest of a read, so pipelined requests arrive here at once: they wait their turn, so that answers go out
     * in order and one connection never takes more than one HTTP worker.
     */
    private final ArrayDeque<Object> pipelined = new ArrayDeque<>();
    private boolean serving;
    private boolean overflowed;

    private final HttpRoutes routes;

    HttpRouter(ServerSetup<C> setup, NettyLink<C> link, RequestDeadline deadline, HeaderGate<C> gate, boolean webSocket, HttpRoutes routes) {
        this.gate = gate;
        this.routes = routes;
        this.setup = setup;
        this.link = link;
        this.deadline = deadline;
        this.webSocket = webSocket;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof HeaderGate.Refused refused)) {
            super.channelRead(ctx, msg);
        } else if (!serving) {
            refuse(ctx, refused.refusal());
        } else {
            enqueue(ctx, refused);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!serving) {
            route(ctx, request);
        } else {
            enqueue(ctx, request.retain());
        }
    }

    private void enqueue(ChannelHandlerContext ctx, Object request) {
        if (pipelined.size() < MAX_PIPELINED) {
            pipelined.add(request);
            return;
        }
        if (!overflowed) { // the rest of what was read still comes through here: count it once
            overflowed = true;
            violation(Violation.BAD_REQUEST, "more than " + MAX_PIPELINED + " pipelined requests");
            ctx.close();
        }
        io.netty.util.ReferenceCountUtil.release(request);
    }

    /** Answers a request refused on its headers, then closes: its body, if the client sends one, is never read. */
    private void refuse(ChannelHandlerContext ctx, HttpRefusal refusal) {
        deadline.received();
        violation(refusal.violation(), refusal.detail());
        Responses.write(ctx.channel(), refusal.reply(), false, false);
    }

    private void route(ChannelHandlerContext ctx, FullHttpRequest request) {
        deadline.received();
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            gate.release(request.content().readableBytes());
            refuseMalformed(ctx, result.cause());
            return;
        }
        QueryStringDecoder uri;
        Map<String, List<String>> query;
        try {
            uri = new QueryStringDecoder(request.uri());
            query = uri.parameters();
            uri.path();
        } catch (IllegalArgumentException e) {
            gate.release(request.content().readableBytes());
            violation(Violation.BAD_REQUEST, "malformed URI: " + e.getMessage());
            Responses.refuse(ctx.channel(), 400, "malformed URI or query string: " + e.getMessage());
            return;
        }
        if (webSocket && isUpgrade(request)) {
            gate.release(request.content().readableBytes());
            upgrade(ctx, request, uri.path(), query);
        } else {
            serve(ctx, request, uri.path(), query);
        }
    }

    private void refuseMalformed(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            violation(Violation.URI_TOO_LONG, cause.getMessage());
            Responses.refuse(ctx.channel(), 414, "request line longer than " + setup.config().maxHeaderBytes() + " bytes");
        } else if (cause instanceof TooLongHttpHeaderException) {
            violation(Violation.HEADERS_TOO_LARGE, cause.getMessage());
            Responses.refuse(ctx.channel(), 431, "request headers larger than " + setup.config().maxHeaderBytes() + " bytes");
        } else if (cause instanceof TooLongFrameException) {
            violation(Violation.BODY_TOO_LARGE, cause.getMessage());
            Responses.refuse(ctx.channel(), 413, "request body larger than " + setup.config().maxBodyBytes() + " bytes");
        } else {
            violation(Violation.BAD_REQUEST, String.valueOf(cause.getMessage()));
            Responses.refuse(ctx.channel(), 400, "malformed HTTP request");
        }
    }

    private static boolean isUpgrade(FullHttpRequest request) {
        HttpHeaders h = request.headers();
        return HttpMethod.GET.equals(request.method()) && h.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, String path, Map<String, List<String>> query) {
        HttpHeaders headers = request.headers();
        Optional<HttpReply> refusal = setup.handler().onHandshake(link.state, new Handshake(path, query, headers::get));
        if (refusal.isPresent()) {
            Responses.write(ctx.channel(), refusal.get(), false, false);
            return;
        }
        boolean tls = ctx.pipeline().get(SslHandler.class) != null;
        String url = (tls ? "wss://" : "ws://") + headers.get(HttpHeaderNames.HOST, "localhost") + request.uri();
        WebSocketDecoderConfig decoder = setup.decoderConfig();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(url, null, decoder).newHandshaker(request);
        if (handshaker == null) {
            violation(Violation.BAD_REQUEST, "unsupported WebSocket version " + headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION));
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel())
                    .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
            return;
        }
        ChannelPipeline p = ctx.pipeline();
        p.remove(ServerSetup.WRITE_TIMEOUT);
        p.remove(deadline);
        p.remove(gate);
        handshaker.handshake(ctx.channel(), request).addListener(f -> {
            if (!f.isSuccess()) {
                log.debug("{} - handshake with {} failed: {}", setup.config().name(), link, f.cause().toString());
                ctx.close();
                return;
            }
            link.compressed = p.names().stream().anyMatch(n -> n.contains("Deflate"));
            p.replace(this, ServerSetup.FRAME_AGGREGATOR, new WebSocketFrameAggregator(setup.config().maxMessageSize()));
            p.addBefore(ServerSetup.TRACKER, ServerSetup.FRAMES, new FrameHandler<>(setup, link));
            link.upgraded = true;
            setup.handler().onOpen(link.state);
        });
    }

    private void serve(ChannelHandlerContext ctx, FullHttpRequest request, String path, Map<String, List<String>> query) {
        if (!countedHttp) {
            countedHttp = true;
            setup.handler().onHttp(link.state);
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        boolean head = HttpMethod.HEAD.equals(request.method());
        HttpHeaders headers = request.headers().copy();
        byte[] body = new byte[request.content().readableBytes()];
        request.content().getBytes(request.content().readerIndex(), body);
        HttpRequest r = new HttpRequest(request.method().name(), path, query, headers::get, body, link.remote());
        HttpRoute route = routes.find(path);
        ctx.channel().config().setAutoRead(false); // one request at a time: answers stay in order
        serving = true;
        Executor workers = setup.httpWorkers();
        try {
            workers.execute(() -> answer(ctx, route, r, keepAlive, head));
        } catch (RejectedExecutionException e) {
            gate.release(body.length);
            Responses.refuse(ctx.channel(), 503, "shutting down");
        }
    }

    private void answer(ChannelHandlerContext ctx, HttpRoute route, HttpRequest request, boolean keepAlive, boolean head) {
        HttpReply reply;
        try {
            reply = route.handle(request);
        } catch (Exception | Error e) {
            // one request's failure, even out of memory while it built its answer, fails that request alone: the
            // memory it held is garbage once it is answered, and the server goes on serving the others
            log.warn("{} - {} {} failed: {}", setup.config().name(), request.method(), request.path(), e.toString());
            reply = HttpReply.text(500, "internal error: " + (e instanceof VirtualMachineError ? e.getClass().getSimpleName() : e.getMessage()) + "\n");
        }
        long bodyBytes = request.body().length;
        Responses.write(ctx.channel(), reply, keepAlive, head).addListener(f -> {
            gate.release(bodyBytes); // on the I/O thread: the listener runs there
            if (f.isSuccess() && keepAlive && ctx.channel().isActive()) {
                ctx.executor().execute(() -> next(ctx));
            }
        });
    }

    /** The answer went out: serves the next pipelined request, else reads on. */
    private void next(ChannelHandlerContext ctx) {
        serving = false;
        Object waiting = pipelined.poll();
        if (waiting instanceof HeaderGate.Refused refused) {
            refuse(ctx, refused.refusal());
            return;
        }
        if (waiting instanceof FullHttpRequest request) {
            try {
                route(ctx, request);
            } finally {
                request.release();
            }
            return;
        }
        ChannelHandlerContext deadlineContext = ctx.pipeline().context(deadline);
        if (deadlineContext != null) {
            deadline.rearm(deadlineContext);
        }
        ctx.channel().config().setAutoRead(true);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        pipelined.forEach(io.netty.util.ReferenceCountUtil::release); // closed, or upgraded, with requests still waiting
        pipelined.clear();
    }

    private void violation(Violation v, String detail) {
        setup.handler().onViolation(link.state, v, detail);
    }
}
