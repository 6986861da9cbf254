package dev.blueprint.components.process;

import dev.blueprint.api.Acknowledgement;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.ComponentExecutionException;
import dev.blueprint.api.Record;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of worker processes: each record goes to an idle worker (waiting for one when all are busy, which
 * slows the input down instead of queueing without bound); answers are emitted by the workers' reader
 * threads.
 */
final class ProcessComponent implements Component, Worker.Pool {
    private static final Logger log = LoggerFactory.getLogger(ProcessComponent.class);
    private static final long REVIVE_CHECK_MILLIS = 100;
    private final ProcessConfig config;
    private final BlockingQueue<Worker> idle = new LinkedBlockingQueue<>();
    private final List<Worker> workers = new ArrayList<>();
    private final Object settledLock = new Object();
    private long outstanding;
    private ScheduledExecutorService timer;
    private ComponentContext context;

    ProcessComponent(ProcessConfig config) {
        this.config = config;
    }

    @Override
    public void start(ComponentContext context) throws Exception {
        this.context = context;
        WorkerCommand command = new WorkerCommand(config, context.blueprintDirectory());
        log.debug("{} - config {}", context.name(), dev.blueprint.api.Redaction.describe(config));
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "blueprint-" + context.name() + "-timer");
            t.setDaemon(true);
            return t;
        });
        RequestMetrics metrics;
        try {
            metrics = new RequestMetrics(context, config.requestMetrics());
        } catch (IllegalArgumentException e) {
            // Micrometer refuses a meter name registered before with other labels (Prometheus wants one label set a name)
            throw new IllegalArgumentException("request_metrics: " + e.getMessage() + "; give this Process another request_metrics.name "
                    + "or the same labels as the other component using it", e);
        }
        for (int i = 1; i <= config.workers(); i++) {
            workers.add(new Worker(i, config, command, context, timer, this, metrics));
        }
        for (Worker w : workers) {
            try {
                w.spawn();
            } catch (IOException e) {
                throw new IOException("cannot start " + w + ": " + command + ": " + e.getMessage()
                        + "; check command (relative paths are resolved against " + context.blueprintDirectory() + ") and cwd", e);
            }
        }
        log.info("{} - {} worker(s) running {}", context.name(), workers.size(), command);
    }

    @Override
    public void onRecord(String input, Record record) throws Exception {
        synchronized (settledLock) {
            outstanding++;
        }
        // the record counts as handled once its answer is complete, not when a worker took it
        Acknowledgement acknowledgement = context.hold();
        // an exited worker may still be queued as idle: it refuses, and the next one is tried
        Worker worker;
        do {
            worker = idle.poll(REVIVE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
            if (worker == null && context.isStopping()) {
                // workers ended by a shutdown signal are only started again for records still arriving
                workers.forEach(Worker::reviveIfDormant);
            }
        } while (worker == null || !worker.offer(record, acknowledgement));
    }

    /** The workers, in order: where each is in its life can be looked at ({@link Worker#state()}). */
    List<Worker> workers() {
        return List.copyOf(workers);
    }

    @Override
    public void idle(Worker worker) {
        idle.add(worker);
    }

    @Override
    public void settled() {
        synchronized (settledLock) {
            outstanding--;
            settledLock.notifyAll();
        }
    }

    @Override
    public void failed(Worker worker, Throwable cause) {
        context.fail(new ComponentExecutionException("the thread reading " + worker + "'s output died (" + cause
                + "); its answers can no longer be read", cause));
    }

    @Override
    public void onInputsEnded() throws InterruptedException {
        // every request gets its answer (or error) before the output ends; timeouts bound the wait
        synchronized (settledLock) {
            while (outstanding > 0) {
                settledLock.wait();
            }
        }
        // what the workers print after their last answer, until they exit, is still read and reported
        // while the outputs are open
        stopWorkers();
    }

    private void stopWorkers() {
        // all stdins first, so that the workers wind down together rather than one after another
        workers.forEach(Worker::closeInput);
        workers.forEach(Worker::awaitExit);
    }

    @Override
    public void close() {
        stopWorkers();
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
