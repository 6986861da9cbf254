package dev.blueprint.components.broker;

import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.ComponentInitializationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine part of a connector's connection, the same for every broker: it connects with retry, at start as
 * well as after an outage, with the connector's {@link Backoff}; it logs each outage once when it begins and once
 * when it ends, counts it, and shows it on {@code /metrics} ({@code connector_up}, {@code connector_outages_total})
 * and as a readiness check (not ready meanwhile). A broker that is not there at start is the first outage: the
 * run starts, and the connector's records wait for it. Only a definitive refusal (bad credentials, say) fails
 * the start. The connector supplies its client calls; a client that reconnects on its own (with a delay taken
 * from the same back-off) reports its drops and returns with {@link #lost} and {@link #restored}; for one that
 * does not, {@link #reconnect} starts the attempts again.
 *
 * @param <C> the client's connection
 */
public final class Connector<C> {
    private static final Logger log = LoggerFactory.getLogger(Connector.class);

    /** The connector's client calls. */
    public interface Client<C> {
        /** One connection attempt, blocking at most the connector's connect timeout. */
        C connect() throws Exception;

        /** Whether a failed attempt cannot succeed by trying again (bad credentials): then the start fails. */
        default boolean isDefinitive(Exception failure) {
            return false;
        }

        /** What to say about a failed attempt (the password never in it). */
        default String describe(Exception failure) {
            return BrokerUrl.redacted(String.valueOf(failure.getMessage() != null ? failure.getMessage() : failure.toString()));
        }

        /** Closes a connection; called once, when the component closes. */
        void close(C connection);
    }

    private final ComponentContext context;
    private final String variant;
    private final String kind;
    private final String broker;
    private final Backoff backoff;
    private final Client<C> client;
    private final Consumer<C> onConnected;
    private final Outages outages;
    private final ScheduledExecutorService attempts;
    private volatile C connection;
    private volatile boolean closed;
    private int attempt;
    /** Whether an attempt is scheduled and has not begun. */
    private boolean pending;

    /**
     * @param variant the connector's variant, naming its readiness check ({@code "<component>: mqtt <url>"})
     * @param kind what the broker is, for the start error ({@code "the MQTT broker"}; empty for none)
     * @param broker the broker as logged and labelled (password redacted)
     * @param onConnected what to do once connected (subscribe), at start and after each {@link #reconnect}
     */
    public Connector(ComponentContext context, String variant, String kind, String broker, Backoff backoff, Client<C> client, Consumer<C> onConnected) {
        this.context = context;
        this.variant = variant;
        this.kind = kind.isEmpty() ? "" : kind + " ";
        this.broker = broker;
        this.backoff = backoff;
        this.client = client;
        this.onConnected = onConnected;
        this.outages = new Outages(context.name(), broker).exposedIn(context.meterRegistry());
        this.attempts = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "blueprint-" + context.name() + "-connect");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connects once, on the caller's thread: connected, the component starts as usual; refused for good, the start
     * fails naming the broker; otherwise the outage begins and attempts go on in the background. Registers the
     * readiness check. Call from {@code start}.
     */
    public void start() {
        context.readiness().register(context.name() + ": " + variant + " " + broker, () -> closed || isUp());
        C c;
        try {
            c = client.connect();
        } catch (Exception e) {
            if (client.isDefinitive(e)) {
                attempts.shutdownNow();
                throw new ComponentInitializationException(context.name() + ": cannot connect to " + kind + broker + ": " + client.describe(e), e);
            }
            outages.lost("cannot connect: " + client.describe(e));
            schedule();
            return;
        }
        connected(c); // what onConnected throws here (a subscription refused) fails the start
    }

    private synchronized void connected(C c) {
        if (closed) {
            client.close(c);
            return;
        }
        connection = c;
        try {
            onConnected.accept(c);
        } catch (RuntimeException e) {
            connection = null;
            throw e;
        }
        attempt = 0;
        outages.restored();
    }

    private synchronized void schedule() {
        if (closed || pending) {
            return; // one chain of attempts: a drop reported while an attempt waits its turn needs no second one
        }
        pending = true;
        attempts.schedule(this::tryConnect, backoff.delay(attempt++).toNanos(), TimeUnit.NANOSECONDS);
    }

    private void tryConnect() {
        synchronized (this) {
            pending = false; // from here a drop is news to this attempt, and schedules the next one
        }
        if (closed) {
            return;
        }
        C c;
        try {
            c = client.connect();
        } catch (Exception e) {
            log.debug("{} - connecting to {} failed: {}", context.name(), broker, client.describe(e));
            schedule();
            return;
        }
        try {
            connected(c);
        } catch (RuntimeException e) {
            log.warn("{} - connected to {}, but setting up failed: {}; trying again", context.name(), broker, e.toString());
            client.close(c);
            schedule();
        }
    }

    /** The client lost the connection and reconnects on its own. Any thread. */
    public void lost(Object cause) {
        if (!closed) {
            outages.lost(cause);
        }
    }

    /** The client's own reconnect succeeded. Any thread. */
    public void restored() {
        outages.restored();
    }

    /** The connection dropped and the client does not reconnect on its own: attempts start again. Any thread. */
    public void reconnect(Object cause) {
        if (closed) {
            return;
        }
        outages.lost(cause);
        schedule();
    }

    /** Whether connected now (a connection that the client is re-establishing is not). */
    public boolean isUp() {
        return connection != null && outages.isUp();
    }

    /** The connection, or null before the first connect. */
    public C connection() {
        return connection;
    }

    /** The broker as logged. */
    public String broker() {
        return broker;
    }

    /** The back-off. */
    public Backoff backoff() {
        return backoff;
    }

    /**
     * Waits until connected; null when the run stops first. For a source's {@code run()}, or a sink's record.
     */
    public C await() throws InterruptedException {
        while (!isUp()) {
            if (context.isStopping() || closed) {
                return null;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return connection;
    }

    /** Outages so far. */
    public long outages() {
        return outages.count();
    }

    /** Stops the attempts and closes the connection; logs the run's outages. */
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        attempts.shutdownNow();
        C c = connection;
        if (c != null) {
            try {
                client.close(c);
            } catch (RuntimeException e) {
                log.debug("{} - closing the connection to {}: {}", context.name(), broker, e.toString());
            }
        }
        outages.logTotal();
    }
}
