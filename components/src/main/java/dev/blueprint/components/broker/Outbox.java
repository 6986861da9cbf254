package dev.blueprint.components.broker;

import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Record;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages a broker sink has out, and what becomes of each: the engine part of a sink, which supplies only
 * its client's asynchronous send. Each record takes a hold and a slot of the {@link DeliveryWindow} (waiting
 * while all are taken: back-pressure), is sent once the connection is up, and is settled by the sink's callback:
 * {@link #confirmed} (written, hold released) or {@link #failed} (sent again after the {@link Backoff}, up to
 * {@code retries}, then dead-lettered to {@code errors} when bound, or failed back to its source). The drain at
 * the end waits at most the blueprint's {@code shutdown_grace_period}; what is still out then, or when the run
 * stops while the broker is away, goes back to its source as failed, so that nothing waits for it and nothing is
 * acknowledged that was not written.
 *
 * @param <P> the message the sink built from a record
 */
public final class Outbox<P> {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    /** The sink's client call: sends {@code message} and reports through {@link #confirmed} or {@link #failed}. */
    @FunctionalInterface
    public interface Sender<P> {
        /**
         * Sends; an exception thrown here counts as a failed send. Called on the sink's thread once the connection
         * is up.
         */
        void send(DeliveryWindow.Ticket ticket, P message) throws Exception;
    }

    private final ComponentContext context;
    private final DeliveryWindow window;
    private final Retries<P> retries;
    private final Sender<P> sender;
    private final BooleanSupplier up;
    private final String broker;

    /**
     * @param maxInFlight messages out at most
     * @param retries sends after the first before a record is given up; null: without end
     * @param up whether the connection is up now
     * @param broker the broker as logged
     */
    public Outbox(ComponentContext context, int maxInFlight, Integer retries, Backoff backoff, BooleanSupplier up, String broker,
            Sender<P> sender) {
        this.context = context;
        this.window = new DeliveryWindow(maxInFlight);
        this.retries = new Retries<>(context, retries, backoff);
        this.sender = sender;
        this.up = up;
        this.broker = broker;
        // failed sends go again between records too, when no new record comes to bring them along
        context.schedule(Duration.ofMillis(100), this::resendDue);
    }

    /** Takes a hold and a slot for {@code record} and sends {@code message}. On the sink's thread, in {@code onRecord}. */
    public void submit(Record record, P message) throws InterruptedException {
        resendDue();
        DeliveryWindow.Ticket ticket = window.take(record, context.hold(), this::resendDue);
        send(ticket, message);
    }

    private void send(DeliveryWindow.Ticket ticket, P message) {
        try {
            if (!DeliveryWindow.awaitConnected(up, context)) {
                ticket.fail(new IllegalStateException("stopped while " + broker + " was away; record #" + ticket.record().sequence()
                        + " not sent"));
                return;
            }
            sender.send(ticket, message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ticket.fail(e);
        } catch (Exception e) {
            failed(ticket, message, e);
        }
    }

    private void resendDue() {
        retries.resendDue(this::send);
    }

    /** The broker confirmed the message. Any thread. */
    public void confirmed(DeliveryWindow.Ticket ticket) {
        ticket.confirmed(context);
    }

    /** The send failed: sent again after the back-off, or given up once the retries are spent. Any thread. */
    public void failed(DeliveryWindow.Ticket ticket, P message, Throwable reason) {
        retries.failed(ticket, message, reason);
    }

    /** The broker refused the message for good (sending it again cannot help): given up at once. Any thread. */
    public void refused(DeliveryWindow.Ticket ticket, Throwable reason) {
        ticket.giveUp(context, Retries.KIND, reason);
    }

    /** Messages out. */
    public int outstanding() {
        return window.outstanding();
    }

    /**
     * Waits until every message out is confirmed or given up, sending again what failed meanwhile, for at most the
     * blueprint's {@code shutdown_grace_period}; what is still out then goes back to its source as failed.
     */
    public void drain() throws InterruptedException {
        Duration wait = context.shutdownGracePeriod();
        long deadline = System.nanoTime() + wait.toNanos();
        while (window.outstanding() > 0 && System.nanoTime() < deadline) {
            if (!retries.isEmpty() && up.getAsBoolean()) {
                resendDue();
            }
            window.awaitAll(Duration.ofNanos(Math.max(1, Math.min(100_000_000L, deadline - System.nanoTime()))), () -> false);
        }
        if (window.outstanding() > 0) {
            log.warn("{} - {} message(s) not confirmed by {} within the grace period ({}); their sources deliver them again",
                    context.name(), window.outstanding(), broker, wait);
            giveBack();
        }
    }

    /** The run stops: every message still out goes back to its source as failed, and every slot is free. */
    public void giveBack() {
        retries.clear();
        int n = window.giveBackAll(new IllegalStateException("the run stopped before " + broker + " confirmed it"));
        if (n > 0) {
            log.debug("{} - gave {} unconfirmed message(s) back to their sources", context.name(), n);
        }
    }
}
