package dev.blueprint.components.websocket.transport;

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

    private final ServerSetup<C> setup;
    private final NettyLink<C> link;
    private final RequestDeadline deadline;
    private final boolean webSocket;
    private boolean countedHttp;
    /** Pipelined requests that arrived while one was being answered; answered in order. */
    private final java.util.ArrayDeque<FullHttpRequest> waiting = new java.util.ArrayDeque<>();
    private boolean answering;
    /** More pipelined requests than this and the client is not waiting for answers: it is closed. */
    private static final int MAX_PIPELINED = 16;

    HttpRouter(ServerSetup<C> setup, NettyLink<C> link, RequestDeadline deadline, boolean webSocket) {
        this.setup = setup;
        this.link = link;
        this.deadline = deadline;
        this.webSocket = webSocket;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (answering) {
            // a pipelined request decoded from bytes already read: it waits its turn, so answers stay in order
            if (waiting.size() >= MAX_PIPELINED) {
                violation(Violation.BAD_REQUEST, "more than " + MAX_PIPELINED + " pipelined requests");
                ctx.close();
                return;
            }
            waiting.add(request.retain());
            return;
        }
        handle(ctx, request);
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        deadline.received();
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
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
            violation(Violation.BAD_REQUEST, "malformed URI: " + e.getMessage());
            Responses.refuse(ctx.channel(), 400, "malformed URI or query string: " + e.getMessage());
            return;
        }
        if (webSocket && isUpgrade(request)) {
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
        HttpRoute route = setup.routes().find(path);
        answering = true;
        ctx.channel().config().setAutoRead(false); // one request at a time: answers stay in order
        Executor workers = setup.httpWorkers();
        try {
            workers.execute(() -> answer(ctx, route, r, keepAlive, head));
        } catch (RejectedExecutionException e) {
            Responses.refuse(ctx.channel(), 503, "shutting down");
        }
    }

    private void answer(ChannelHandlerContext ctx, HttpRoute route, HttpRequest request, boolean keepAlive, boolean head) {
        HttpReply reply;
        try {
            reply = route.handle(request);
        } catch (Exception | Error e) {
            if (e instanceof VirtualMachineError v) {
                setup.fatal("an HTTP worker failed", v);
            }
            log.warn("{} - {} {} failed: {}", setup.config().name(), request.method(), request.path(), e.toString());
            reply = HttpReply.text(500, "internal error: " + e.getMessage() + "\n");
        }
        Responses.write(ctx.channel(), reply, keepAlive, head).addListener(f -> {
            if (f.isSuccess() && keepAlive && ctx.channel().isActive()) {
                ctx.executor().execute(() -> next(ctx));
            }
        });
    }

    /** After an answer: the next pipelined request, else read on with a fresh deadline. */
    private void next(ChannelHandlerContext ctx) {
        answering = false;
        FullHttpRequest request = waiting.poll();
        if (request != null) {
            try {
                handle(ctx, request);
            } finally {
                request.release();
            }
            return;
        }
        deadline.rearm(ctx.pipeline().context(deadline));
        ctx.channel().config().setAutoRead(true);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        FullHttpRequest r;
        while ((r = waiting.poll()) != null) {
            r.release();
        }
    }

    private void violation(Violation v, String detail) {
        setup.handler().onViolation(link.state, v, detail);
    }
}
