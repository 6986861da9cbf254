package dev.blueprint.components.broker;

import dev.blueprint.api.Acknowledgement;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Record;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The messages a sink has sent and the broker has not yet confirmed, at most {@code size}: a sink takes a
 * slot before it sends (waiting when all are taken: back-pressure instead of an unbounded buffer) and gives
 * it back when the broker confirms, counting the record as written and releasing its acknowledgement
 * then, not before; or when the sink gives the record up, dead-lettering it or failing it back to its source.
 * A stop gives back what is still out as failed, so that no source waits for it.
 */
public final class DeliveryWindow {
    private final int size;
    private final Semaphore slots;
    private final Set<Ticket> out = ConcurrentHashMap.newKeySet();

    public DeliveryWindow(int size) {
        this.size = size;
        this.slots = new Semaphore(size);
    }

    /**
     * Takes a slot for {@code record}, whose hold {@code acknowledgement} the sink took: waits while all are
     * taken, running {@code whileWaiting} (sending again what is due) every 50 ms meanwhile, since what holds the
     * slots may be waiting for exactly that.
     */
    public Ticket take(Record record, Acknowledgement acknowledgement, Runnable whileWaiting) throws InterruptedException {
        while (!slots.tryAcquire(50, TimeUnit.MILLISECONDS)) {
            whileWaiting.run();
        }
        Ticket t = new Ticket(record, acknowledgement);
        out.add(t);
        return t;
    }

    /** Messages sent and not confirmed. */
    public int outstanding() {
        return size - slots.availablePermits();
    }

    /**
     * Waits until every message sent is confirmed or given up, or {@code timeout} passes, or {@code giveUp} says
     * so.
     *
     * @return whether none is left out
     */
    public boolean awaitAll(Duration timeout, BooleanSupplier giveUp) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !giveUp.getAsBoolean()) {
            if (slots.tryAcquire(size, Math.min(50, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)), TimeUnit.MILLISECONDS)) {
                slots.release(size);
                return true;
            }
        }
        return outstanding() == 0;
    }

    /**
     * Gives back every message still out as failed, and its slot: the run stops before the broker confirmed them,
     * so their sources must not hear "handled" (they redeliver them), nor wait for them.
     *
     * @return how many were given back
     */
    public int giveBackAll(Throwable reason) {
        int n = 0;
        for (Ticket t : out) {
            if (t.finish()) {
                t.acknowledgement.fail(reason);
                n++;
            }
        }
        return n;
    }

    /** One message out: settled once, by a confirmation, a give-up or the stop. */
    public final class Ticket {
        private final Record record;
        private final Acknowledgement acknowledgement;
        private final AtomicBoolean settled = new AtomicBoolean();
        private int retries;

        private Ticket(Record record, Acknowledgement acknowledgement) {
            this.record = record;
            this.acknowledgement = acknowledgement;
        }

        /** The record this message carries. */
        public Record record() {
            return record;
        }

        /** Retries so far. */
        public int retries() {
            return retries;
        }

        /** Counts one more retry; returns the count before it. */
        int retried() {
            return retries++;
        }

        private boolean finish() {
            if (!settled.compareAndSet(false, true)) {
                return false;
            }
            out.remove(this);
            slots.release();
            return true;
        }

        /** The broker confirmed it: the record is written, its hold released, its slot free. Any thread. */
        public void confirmed(ComponentContext context) {
            if (finish()) {
                context.written(1);
                acknowledgement.release();
            }
        }

        /**
         * It cannot be sent (the run stops while the broker is away): its slot is free and its hold goes back as
         * failed, never to {@code errors}, so that its source redelivers it. Any thread.
         */
        public void fail(Throwable reason) {
            if (finish()) {
                acknowledgement.fail(reason);
            }
        }

        /**
         * The sink gave it up: its slot is free, and it goes to {@code errors} when bound (then it counts as handled
         * once there) or back to its source as failed. Any thread; may block while {@code errors} is full.
         */
        public void giveUp(ComponentContext context, String kind, Throwable reason) {
            if (finish()) {
                context.giveUp(record, acknowledgement, kind, reason);
            }
        }
    }

    /**
     * Waits until {@code connected} holds, checking every 20 ms; false when the run is stopping first.
     */
    public static boolean awaitConnected(BooleanSupplier connected, ComponentContext context) throws InterruptedException {
        while (!connected.getAsBoolean()) {
            if (context.isStopping()) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return true;
    }
}
