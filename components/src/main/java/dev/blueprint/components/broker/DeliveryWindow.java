package dev.blueprint.components.broker;

import dev.blueprint.api.Acknowledgement;
import dev.blueprint.api.ComponentContext;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The messages a sink has sent and the broker has not yet confirmed, at most {@code size}: a sink takes a
 * slot before it sends (waiting when all are taken: back-pressure instead of an unbounded buffer) and gives
 * it back when the broker confirms, counting the record as written and releasing its acknowledgement
 * then, not before.
 */
public final class DeliveryWindow {
    private final int size;
    private final Semaphore slots;

    public DeliveryWindow(int size) {
        this.size = size;
        this.slots = new Semaphore(size);
    }

    /** Takes a slot, waiting while all are taken. */
    public void take() throws InterruptedException {
        slots.acquire();
    }

    /** The broker confirmed a message: the record is written, its acknowledgement released, its slot free. */
    public void confirmed(ComponentContext context, Acknowledgement acknowledgement) {
        context.written(1);
        acknowledgement.release();
        slots.release();
    }

    /** A message will not be confirmed: its slot is free; the record is not counted as written. */
    public void abandoned() {
        slots.release();
    }

    /** Messages sent and not confirmed. */
    public int outstanding() {
        return size - slots.availablePermits();
    }

    /**
     * Waits until every message sent is confirmed, or {@code timeout} passes, or {@code giveUp} says so.
     *
     * @return whether all were confirmed
     */
    public boolean awaitAll(Duration timeout, BooleanSupplier giveUp) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !giveUp.getAsBoolean()) {
            if (slots.tryAcquire(size, 50, TimeUnit.MILLISECONDS)) {
                slots.release(size);
                return true;
            }
        }
        return outstanding() == 0;
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
