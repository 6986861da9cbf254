package dev.blueprint.components.broker;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Waits for a client's reply (a Redis command's future, say) without ever blocking past a stop request: for the
 * connectors and for state stores that talk to a broker.
 */
public final class Await {
    private static final long SLICE_MILLIS = 100;

    private Await() {
    }

    /**
     * The future's value; waits as long as it takes unless {@code giveUp} turns true first (checked every
     * 100 ms), in which case it returns {@code fallback}.
     *
     * @throws ExecutionException when the command failed
     * @throws InterruptedException when the thread is interrupted
     */
    public static <T> T result(Future<T> future, BooleanSupplier giveUp, T fallback) throws ExecutionException, InterruptedException {
        while (true) {
            try {
                return future.get(SLICE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (giveUp.getAsBoolean()) {
                    return fallback;
                }
            }
        }
    }
}
