package dev.blueprint.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket server's transport, on Netty: one port for WebSocket and HTTP (TLS when configured), an
 * optional second plain-HTTP port, and the writing of broadcast frames. The rest of the component knows
 * it only through {@link Link}, {@link Frame}, {@link HttpRoute} and {@link TransportHandler}.
 *
 * @param <C> the component's state of a connection
 */
public final class Transport<C> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Transport.class);

    private final ServerSetup<C> setup;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService httpWorkers;
    private final ChannelGroup channels;
    private final AcceptGuard guard;
    private final Map<EventLoop, LoopBatch> batches = new IdentityHashMap<>();
    private final String kind;
    private Channel listener;
    private Channel httpListener;
    private Channel metricsListener;

    private Transport(TransportConfig config, TransportHandler<C> handler, HttpRoutes routes, SslContext ssl) {
        boolean epoll = Epoll.isAvailable();
        this.kind = epoll ? "epoll" : "nio";
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("blueprint-" + config.name() + "-accept", true), io);
        this.workers = new MultiThreadIoEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("blueprint-" + config.name() + "-io", true), io);
        AtomicInteger n = new AtomicInteger();
        this.httpWorkers = new ThreadPoolExecutor(config.httpThreads(), config.httpThreads(), 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "blueprint-" + config.name() + "-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        this.setup = new ServerSetup<>(config, handler, routes, httpWorkers, ssl, channels);
        this.guard = new AcceptGuard(setup);
        workers.forEach(e -> batches.put((EventLoop) e, new LoopBatch((EventLoop) e, config.compressionThreshold())));
    }

    /**
     * Serves plain HTTP only (no WebSocket upgrades) on {@code config.port()}: an HTTP ingest with the same
     * limits, timeouts and non-blocking I/O as the WebSocket server. Limits hit by clients are logged at
     * WARN at most once a second; {@code onFatal} hears once when the server cannot go on.
     */
    public static Transport<Object> startHttp(TransportConfig config, HttpRoutes routes, java.util.function.BiConsumer<String, Throwable> onFatal)
            throws IOException {
        return startHttp(config, routes, onFatal, v -> { });
    }

    /** As {@link #startHttp(TransportConfig, HttpRoutes, java.util.function.BiConsumer)}; {@code onRefused} hears each refusal's reason. */
    public static Transport<Object> startHttp(TransportConfig config, HttpRoutes routes, java.util.function.BiConsumer<String, Throwable> onFatal,
            java.util.function.Consumer<Violation> onRefused) throws IOException {
        Transport<Object> t = new Transport<>(config, new PlainHttp(config.name(), onFatal, onRefused), routes, null);
        try {
            t.listener = t.bind(config.port(), false);
        } catch (IOException | RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    /**
     * Binds and starts serving.
     *
     * @throws IOException when a port cannot be bound ({@code cannot listen on host:port: ...}) or the
     *     keystore cannot be read
     */
    public static <C> Transport<C> start(TransportConfig config, TransportHandler<C> handler, HttpRoutes routes)
            throws IOException, GeneralSecurityException {
        return start(config, handler, routes, new HttpRoutes());
    }

    /** As {@link #start(TransportConfig, TransportHandler, HttpRoutes)}, serving {@code metricsRoutes} on the metrics port. */
    public static <C> Transport<C> start(TransportConfig config, TransportHandler<C> handler, HttpRoutes routes, HttpRoutes metricsRoutes)
            throws IOException, GeneralSecurityException {
        SslContext ssl = config.keystore() == null ? null : sslContext(config);
        Transport<C> t = new Transport<>(config, handler, routes, ssl);
        try {
            t.listener = t.bind(config.port(), true);
            if (config.extraHttpPort() != null) {
                t.httpListener = t.bind(config.extraHttpPort(), false);
            }
            if (config.metricsPort() != null) {
                t.metricsListener = t.bind(config.metricsPort(), t.setup.initializer(false, metricsRoutes));
            }
        } catch (IOException | RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    private Channel bind(int port, boolean webSocket) throws IOException {
        return bind(port, setup.initializer(webSocket));
    }

    private Channel bind(int port, io.netty.channel.ChannelInitializer<Channel> initializer) throws IOException {
        Class<? extends ServerChannel> type = "epoll".equals(kind) ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(type)
                .option(ChannelOption.SO_BACKLOG, 4096) // bursts of connects must not overflow a small backlog
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(guard)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer);
        String host = setup.config().host();
        try {
            Channel ch = b.bind(new InetSocketAddress(host, port)).sync().channel();
            return ch;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding " + host + ":" + port, e);
        } catch (Exception e) { // Netty rethrows the bind failure unchecked, though it is an IOException
            if (e instanceof java.net.BindException || String.valueOf(e.getMessage()).contains("Address already in use")) {
                throw new PortInUseException(host, port, e);
            }
            throw new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private static SslContext sslContext(TransportConfig config) throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        char[] password = config.keystorePassword().toCharArray();
        try (InputStream in = Files.newInputStream(config.keystore())) {
            keyStore.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, password);
        return SslContextBuilder.forServer(kmf).build();
    }

    /** The bound address of the WebSocket port. */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** The bound address of the extra HTTP port, when there is one. */
    public Optional<InetSocketAddress> httpAddress() {
        return httpListener == null ? Optional.empty() : Optional.of((InetSocketAddress) httpListener.localAddress());
    }

    /** The bound address of the metrics port, when there is one. */
    public Optional<InetSocketAddress> metricsAddress() {
        return metricsListener == null ? Optional.empty() : Optional.of((InetSocketAddress) metricsListener.localAddress());
    }

    /** {@code epoll} or {@code nio}. */
    public String kind() {
        return kind;
    }

    /** False while accepting is paused (descriptors exhausted) or the listener is gone. */
    public boolean accepting() {
        return guard.accepting() && listener != null && listener.isActive() && !setup.isFatal();
    }

    /** Accept failures since start. */
    public long acceptFailures() {
        return guard.failures();
    }

    /** Request-body bytes that admitted requests hold now, across every connection (at most max_buffered_body_bytes). */
    public long bufferedBodyBytes() {
        return setup.bufferedBodyBytes();
    }

    /**
     * Hands {@code frame} to every link of {@code links} (whose budgets the caller checked). Returns at
     * once: each I/O thread gets one task for its share, writes the frame to each of its connections and
     * flushes each once, so frames sent in a burst go out in few system calls.
     */
    public void send(Frame frame, List<Link> links) {
        int size = frame.size();
        LoopBatch only = null;
        Map<LoopBatch, java.util.ArrayList<NettyLink<?>>> byLoop = null;
        java.util.ArrayList<NettyLink<?>> first = null;
        for (Link l : links) {
            NettyLink<?> link = (NettyLink<?>) l;
            link.inTransit.addAndGet(size);
            LoopBatch batch = batches.get(link.channel.eventLoop());
            if (only == null) {
                only = batch;
                first = new java.util.ArrayList<>(links.size());
                first.add(link);
            } else if (batch == only && byLoop == null) {
                first.add(link);
            } else {
                if (byLoop == null) {
                    byLoop = new IdentityHashMap<>();
                    byLoop.put(only, first);
                }
                byLoop.computeIfAbsent(batch, k -> new java.util.ArrayList<>()).add(link);
            }
        }
        if (byLoop != null) {
            byLoop.forEach((batch, share) -> batch.submit(frame, share));
        } else if (only != null) {
            only.submit(frame, first);
        }
    }

    /**
     * Closes the listeners, lets HTTP requests being served finish (at most 2 s: an ingest emitting a
     * body should not be cut off half-way), closes every connection, then stops the I/O threads (bounded).
     */
    @Override
    public void close() {
        guard.closing();
        if (listener != null) {
            listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        for (Channel extra : new Channel[] {httpListener, metricsListener}) {
            if (extra != null) {
                extra.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            }
        }
        httpWorkers.shutdown();
        try {
            if (!httpWorkers.awaitTermination(2, TimeUnit.SECONDS)) {
                log.warn("{} - HTTP requests still being served after 2 s; interrupting them", setup.config().name());
                httpWorkers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            httpWorkers.shutdownNow();
        }
        channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        if (!workers.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS)) {
            log.warn("{} - I/O threads did not stop within 5 s", setup.config().name());
        }
    }
}
