package dev.blueprint.components.redis;

import dev.blueprint.api.ComponentContext;
import dev.blueprint.components.broker.Backoff;
import dev.blueprint.components.broker.Connector;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One component's link to a Redis server: a Lettuce client (on event loops every link of the process
 * shares) and the connections the component opened on it.
 *
 * <p>Connections reconnect on their own, waiting 50 ms, 100 ms, ... up to 5 s between attempts, and
 * re-subscribe pub/sub channels after a reconnect. Commands issued while the server is away are held
 * (at most {@link #HELD_COMMANDS}) and sent once it is back; commands never time out, so a caller decides
 * itself how long to wait. Each connection is a readiness check of the run: not ready while it is down.
 */
public final class RedisLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
    /** Commands held while disconnected before further ones fail at once. */
    static final int HELD_COMMANDS = 100_000;
    /** Keys, channels and field names as UTF-8 text; values (messages, stream field values) as the bytes they are. */
    private static final io.lettuce.core.codec.RedisCodec<String, byte[]> BINARY_VALUES =
            io.lettuce.core.codec.RedisCodec.of(io.lettuce.core.codec.StringCodec.UTF8, io.lettuce.core.codec.ByteArrayCodec.INSTANCE);

    /** Event loops shared by every link of the process, shut down with the last one. */
    private static ClientResources sharedResources;
    private static int users;

    private final String owner;
    private final String url;
    /** Event loops of this link alone, or null when it uses the shared ones. */
    private final ClientResources ownResources;
    private final RedisClient client;
    private final List<StatefulConnection<?, ?>> connections = new ArrayList<>();
    private volatile boolean closed;
    private final AtomicLong connects = new AtomicLong();
    private final AtomicBoolean lost = new AtomicBoolean();
    /** The connector of a component that connects through one: outages are its to log and count. */
    private volatile Connector<?> connector;

    private RedisLink(String owner, String url, boolean dedicated) {
        this.owner = owner;
        this.url = url;
        this.ownResources = dedicated ? newResources() : null;
        this.client = RedisClient.create(dedicated ? ownResources : acquireResources(), RedisURI.create(url));
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                .requestQueueSize(HELD_COMMANDS)
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
                .maintNotificationsConfig(MaintNotificationsConfig.disabled())
                .build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                connects.incrementAndGet();
                Connector<?> c = connector;
                if (c != null) {
                    lost.set(false);
                    c.restored();
                } else if (lost.compareAndSet(true, false)) {
                    log.info("{} - Redis at {} is back", owner, display());
                }
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                Connector<?> c = connector;
                if (c != null) {
                    if (!closed) {
                        c.lost("disconnected");
                    }
                } else if (!closed && lost.compareAndSet(false, true)) {
                    log.warn("{} - lost Redis at {}; reconnecting with backoff (50 ms .. 5 s), holding commands meanwhile", owner, display());
                }
            }
        });
    }

    private static synchronized ClientResources acquireResources() {
        if (users++ == 0) {
            sharedResources = newResources();
        }
        return sharedResources;
    }

    private static ClientResources newResources() {
        return ClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(new Delay() { // the connectors' one back-off, at its defaults (the event loops are shared)
                    @Override
                    public Duration createDelay(long attempt) {
                        return Backoff.DEFAULT.delay((int) Math.max(0, Math.min(Integer.MAX_VALUE, attempt - 1)));
                    }
                })
                .build();
    }

    private static synchronized void releaseResources() {
        if (--users == 0) {
            sharedResources.shutdown(0, 2, TimeUnit.SECONDS);
            sharedResources = null;
        }
    }

    /**
     * Creates the client; connects nothing yet.
     *
     * @param owner the component's name, for log lines
     */
    public static RedisLink create(String owner, String url) {
        return new RedisLink(owner, url, false);
    }

    /**
     * Creates a client on event loops of its own, for a subscriber that hands messages on from Lettuce's
     * thread and may block there while its output queue is full: blocking a shared loop would stall every
     * other link of the process, the sink that has to drain that queue included.
     */
    public static RedisLink createDedicated(String owner, String url) {
        return new RedisLink(owner, url, true);
    }

    /**
     * The {@link Connector} of a redis component: connects with {@code open} with retry, at start and until it
     * succeeds (Lettuce reconnects on its own after that, on the same back-off), reporting to {@code /metrics}
     * as {@code connector_up} and {@code connector_outages_total}, and for one more release also as
     * {@code redis_link_up} and {@code redis_link_connects_total}.
     *
     * @param open opens the connection ({@link #connect()} or {@link #connectPubSub()})
     * @param onConnected what to do once connected (subscribe, create a group)
     */
    public <C extends StatefulConnection<?, ?>> Connector<C> connector(ComponentContext context, Backoff backoff,
            java.util.concurrent.Callable<C> open, java.util.function.Consumer<C> onConnected) {
        Connector<C> c = new Connector<>(context, "redis", "Redis at", display(), backoff, new Connector.Client<C>() {
            @Override
            public C connect() throws Exception {
                return open.call();
            }

            @Override
            public String describe(Exception failure) {
                return failure.getMessage();
            }

            @Override
            public boolean isDefinitive(Exception failure) {
                String m = String.valueOf(failure.getMessage());
                return m.contains("WRONGPASS") || m.contains("NOAUTH") || m.contains("NOPERM");
            }

            @Override
            public void close(C connection) {
                RedisLink.this.close();
            }
        }, onConnected);
        this.connector = c;
        registerAliases(context);
        return c;
    }

    /** Opens a command connection. */
    public StatefulRedisConnection<String, String> connect() throws IOException {
        try {
            return track(client.connect());
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
    }

    /** Opens a command connection whose values are bytes: what a message carries, unchanged (keys stay text). */
    public StatefulRedisConnection<String, byte[]> connectBinary() throws IOException {
        try {
            return track(client.connect(BINARY_VALUES));
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
    }

    /** Opens a pub/sub connection whose messages are bytes, unchanged (channel names stay text). */
    public StatefulRedisPubSubConnection<String, byte[]> connectPubSubBinary() throws IOException {
        try {
            return track(client.connectPubSub(BINARY_VALUES));
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
    }

    /** Opens a pub/sub connection. */
    public StatefulRedisPubSubConnection<String, String> connectPubSub() throws IOException {
        try {
            return track(client.connectPubSub());
        } catch (RuntimeException e) {
            throw unreachable(e);
        }
    }

    private <T extends StatefulConnection<?, ?>> T track(T connection) {
        synchronized (connections) {
            connections.add(connection);
        }
        return connection;
    }

    private IOException unreachable(RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return new IOException("cannot connect to Redis at " + display() + ": " + why
                + " (is redis-server running there? set the url, e.g. REDIS_URL)", e);
    }

    /**
     * Whether a command error is the server's state of the moment rather than the command's fault: still
     * loading its data after a restart, busy with a script, or a replica/cluster not ready. Worth sending
     * the command again.
     */
    public static boolean isTransient(Throwable error) {
        String m = String.valueOf(error.getMessage());
        return m.startsWith("LOADING") || m.startsWith("BUSY ") || m.startsWith("TRYAGAIN") || m.startsWith("MASTERDOWN")
                || m.startsWith("CLUSTERDOWN");
    }

    /** How many times a connection of this link has connected, reconnections included. */
    public long connects() {
        return connects.get();
    }

    /** Whether every connection opened on this link is up. */
    public boolean isUp() {
        synchronized (connections) {
            return !connections.isEmpty() && connections.stream().allMatch(StatefulConnection::isOpen);
        }
    }

    /**
     * Registers this link as a readiness check of the run, {@code "<component>: redis <url>"}: not ready
     * while a connection is down, ready again once closed; and its state on {@code /metrics}:
     * {@code redis_link_up} (1 or 0) and {@code redis_link_connects_total} (reconnections show as its rise).
     */
    public void registerReadiness(ComponentContext context) {
        // a link closed because its component finished is nothing to wait for
        context.readiness().register(owner + ": redis " + display(), () -> closed || isUp());
        registerAliases(context);
    }

    /** {@code redis_link_up} and {@code redis_link_connects_total}: the names before {@code connector_up}, kept one release. */
    private void registerAliases(ComponentContext context) {
        io.micrometer.core.instrument.Gauge.builder("redis.link.up", this, l -> l.isUp() ? 1 : 0)
                .description("1 while every connection of a component's Redis link is up.")
                .tag("component", owner).tag("url", display()).register(context.meterRegistry());
        io.micrometer.core.instrument.FunctionCounter.builder("redis.link.connects", this, RedisLink::connects)
                .description("Times a connection of a component's Redis link connected, reconnections included.")
                .tag("component", owner).tag("url", display()).register(context.meterRegistry());
    }

    /** The URL without its password. */
    public String display() {
        return RedisUrl.redacted(url);
    }

    @Override
    public void close() {
        synchronized (connections) {
            if (closed) {
                return;
            }
            closed = true;
            for (StatefulConnection<?, ?> c : connections) {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    log.debug("{} - closing a Redis connection: {}", owner, e.toString());
                }
            }
            connections.clear();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        if (ownResources != null) {
            ownResources.shutdown(0, 2, TimeUnit.SECONDS);
        } else {
            releaseResources();
        }
    }
}
