package dev.blueprint.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilter;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.WriteTimeoutHandler;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every connection of one server shares (config, handler, routes, HTTP workers, TLS) and the
 * pipeline each new connection gets, one handler per concern in the order a request meets them: TLS,
 * request deadline, HTTP codec (request line and header limits), admission on the headers (the route's
 * token, origin and content-type checks, then the body budget), write timeout, body aggregation,
 * compression negotiation, routing, and last the tracker that sees the connection end.
 */
final class ServerSetup<C> {
    static final String DEADLINE = "deadline";
    static final String WRITE_TIMEOUT = "write-timeout";
    static final String FRAME_AGGREGATOR = "frame-aggregator";
    static final String FRAMES = "frames";
    static final String TRACKER = "tracker";
    static final String GATE = "gate";

    private final TransportConfig config;
    private final TransportHandler<C> handler;
    private final HttpRoutes routes;
    private final ExecutorService httpWorkers;
    private final SslContext ssl;
    private final ChannelGroup channels;
    private final WebSocketDecoderConfig decoderConfig;
    private final AtomicBoolean fatal = new AtomicBoolean();
    private final BodyBudget bodyBudget;

    ServerSetup(TransportConfig config, TransportHandler<C> handler, HttpRoutes routes, ExecutorService httpWorkers, SslContext ssl,
            ChannelGroup channels) {
        this.config = config;
        this.handler = handler;
        this.routes = routes;
        this.httpWorkers = httpWorkers;
        this.ssl = ssl;
        this.channels = channels;
        this.bodyBudget = new BodyBudget(config.maxBufferedBodyBytes());
        this.decoderConfig = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(config.maxMessageSize())
                .expectMaskedFrames(true)
                .allowMaskMismatch(false) // an unmasked client frame fails the connection (RFC 6455 5.1): 1002
                .allowExtensions(config.compression())
                .closeOnProtocolViolation(true)
                .withUTF8Validator(true) // close reasons must be UTF-8 (1007); FrameHandler checks text messages
                .build();
    }

    TransportConfig config() {
        return config;
    }

    TransportHandler<C> handler() {
        return handler;
    }

    HttpRoutes routes() {
        return routes;
    }

    ExecutorService httpWorkers() {
        return httpWorkers;
    }

    WebSocketDecoderConfig decoderConfig() {
        return decoderConfig;
    }

    /** Reports a fatal failure once. */
    void fatal(String what, Throwable cause) {
        if (fatal.compareAndSet(false, true)) {
            handler.onFatal(what, cause);
        }
    }

    /** Request-body bytes held now by admitted requests, across every connection. */
    long bufferedBodyBytes() {
        return bodyBudget.held();
    }

    boolean isFatal() {
        return fatal.get();
    }

    /** The initializer of connections on the WebSocket port ({@code webSocket}) or the extra HTTP port. */
    ChannelInitializer<Channel> initializer(boolean webSocket) {
        return initializer(webSocket, routes);
    }

    /** The initializer of connections on a port that serves {@code served} (the metrics port serves fewer routes). */
    ChannelInitializer<Channel> initializer(boolean webSocket, HttpRoutes served) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                NettyLink<C> link = new NettyLink<>(ch);
                link.state = handler.onAccepted(link);
                channels.add(ch);
                ChannelPipeline p = ch.pipeline();
                if (webSocket && ssl != null) {
                    p.addLast("tls", ssl.newHandler(ch.alloc()));
                }
                RequestDeadline deadline = new RequestDeadline(config.handshakeTimeout().toNanos(), idle -> expired(ch, link, idle));
                p.addLast(DEADLINE, deadline);
                p.addLast("http", new HttpServerCodec(new HttpDecoderConfig()
                        .setMaxInitialLineLength(config.maxHeaderBytes())
                        .setMaxHeaderSize(config.maxHeaderBytes())
                        .setMaxChunkSize(16 * 1024)));
                HeaderGate<C> gate = new HeaderGate<>(ServerSetup.this, link, webSocket, served, bodyBudget);
                p.addLast(GATE, gate);
                p.addLast(WRITE_TIMEOUT, new WriteTimeoutHandler(config.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS));
                p.addLast("aggregator", new HttpObjectAggregator((int) Math.min(Integer.MAX_VALUE, config.maxBodyBytes())));
                if (webSocket && config.compression()) {
                    p.addLast("compression", compression());
                }
                p.addLast("router", new HttpRouter<>(ServerSetup.this, link, deadline, gate, webSocket, served));
                p.addLast(TRACKER, new LinkTracker<>(ServerSetup.this, link));
            }
        };
    }

    private void expired(Channel ch, NettyLink<C> link, boolean idle) {
        if (idle) {
            // a kept-alive connection with no next request (an HTTP client's pool, a scraper) refused nothing:
            // counting it as handshake_timeout made that counter grow by one per scrape
            ch.close();
            return;
        }
        handler.onViolation(link.state, Violation.HANDSHAKE_TIMEOUT, "no complete request within " + config.handshakeTimeout());
        if (ch.pipeline().get("tls") != null && !((io.netty.handler.ssl.SslHandler) ch.pipeline().get("tls")).handshakeFuture().isSuccess()) {
            ch.close(); // no TLS session to answer in
            return;
        }
        Responses.refuse(ch, 408, "request not complete within handshake_timeout");
    }

    /**
     * permessage-deflate whose inflater stops at {@code max_message_size} (a small deflated frame must not
     * become a huge message in memory before any check), and which leaves small messages uncompressed.
     */
    private WebSocketServerExtensionHandler compression() {
        int threshold = config.compressionThreshold();
        WebSocketExtensionFilter small = frame -> frame.content().readableBytes() < threshold;
        WebSocketExtensionFilterProvider filters = new WebSocketExtensionFilterProvider() {
            @Override
            public WebSocketExtensionFilter encoderFilter() {
                return small;
            }

            @Override
            public WebSocketExtensionFilter decoderFilter() {
                return WebSocketExtensionFilter.NEVER_SKIP;
            }
        };
        return new WebSocketServerExtensionHandler(new PerMessageDeflateServerExtensionHandshaker(6,
                ZlibCodecFactory.isSupportingWindowSizeAndMemLevel(), PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE,
                true, false, filters, config.maxMessageSize())); // clients may ask for server_no_context_takeover (Java-WebSocket does)
    }
}
