package dev.blueprint.runtime.exec;

import dev.blueprint.api.Component;
import dev.blueprint.api.PipelineStoppedException;
import dev.blueprint.api.Record;
import dev.blueprint.api.Reloadable;
import dev.blueprint.runtime.model.ComponentDecl;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one component on its own thread: start, then produce or consume until its inputs end, then
 * close its outputs so that end-of-stream flows downstream.
 */
final class ComponentRunner implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ComponentRunner.class);
    /**
     * The longest a consumer sleeps when no task is due: a record or a closing input wakes it at once (the
     * {@link Wakeup} protocol loses no signal), so this is only a safety net, long enough that an idle
     * pipeline costs no CPU (at 50 ms, twenty wake-ups a second were most of an idle server's CPU).
     */
    private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * One record in 128 is timed for the processing-time histogram: two clock reads and a histogram update on
     * every record would cost a passthrough pipeline a measurable share of its ~270 ns per record.
     */
    private static final int TIMING_SAMPLE_MASK = 127;

    private final ComponentDecl decl;
    private final Component component;
    private final RunnerContext context;
    private final InputSet inputs;
    private final ComponentCounters counters;
    private final Pipeline pipeline;
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread thread;
    private volatile Throwable failure;
    private final AtomicBoolean failedOutside = new AtomicBoolean();
    /** Handed over from a previous pipeline: attached rather than started. */
    private final boolean reattach;
    /** To be handed to the next pipeline when this one stops: detached rather than stopped and closed. */
    private volatile boolean keep;
    private List<ComponentRunner> upstream = List.of();
    private final AtomicBoolean stopRequested = new AtomicBoolean();

    /** The component's outputs by name. */
    Map<String, OutputPort> outputs() {
        return context.outputs();
    }

    ComponentRunner(ComponentDecl decl, Component component, RunnerContext context, InputSet inputs,
            ComponentCounters counters, Pipeline pipeline, boolean reattach) {
        this.reattach = reattach;
        this.decl = decl;
        this.component = component;
        this.context = context;
        this.inputs = inputs;
        this.counters = counters;
        this.pipeline = pipeline;
        this.thread = new Thread(this, "blueprint-" + decl.name());
        context.handling().own(thread);
    }

    @Override
    public void run() {
        boolean startedOk = false;
        // JSON logs carry it as mdc.component for everything logged on this thread
        MDC.put("component", decl.name());
        try {
            if (reattach) {
                ((Reloadable) component).attach(context);
            } else {
                component.start(context);
            }
            context.markStarted();
            startedOk = true;
            started.countDown();
            if (inputs.isEmpty()) {
                component.run();
            } else {
                consume();
                component.onInputsEnded();
            }
        } catch (PipelineStoppedException e) {
            log.debug("{} - stopped: {}", decl.name(), e.getMessage());
        } catch (InterruptedException e) {
            log.debug("{} - interrupted", decl.name());
        } catch (Throwable t) {
            if (!failedOutside.get()) {
                failure = t;
                inputs.abandon();
                pipeline.componentFailed(this, t, startedOk);
            }
        } finally {
            started.countDown();
            context.outputs().values().forEach(OutputPort::close);
            if (!keep || failure != null) {
                try {
                    component.close();
                } catch (Exception e) {
                    log.warn("{} - error while closing: {}", decl.name(), e.toString());
                }
            } else {
                log.debug("{} - kept for the next pipeline", decl.name());
            }
            counters.finish();
            finished.countDown();
            log.debug("{} - finished", decl.name());
            pipeline.componentFinished();
        }
    }

    private void consume() throws InterruptedException {
        var tasks = context.tasks();
        var processing = counters.processing();
        int handled = 0;
        while (true) {
            long wait = MAX_WAIT_NANOS;
            if (!tasks.isEmpty()) {
                wait = Math.max(0, Math.min(wait, runDueTasks()));
            }
            Record record = inputs.poll(wait);
            if (record == null) {
                if (inputs.allEnded()) {
                    return;
                }
                continue;
            }
            if (Thread.currentThread().isInterrupted()) {
                // stopped at once: this record and the rest of the batch are counted as dropped at shutdown, not handled
                inputs.unpoll();
                throw new InterruptedException();
            }
            counters.recordIn();
            Handling handling = context.handling();
            handling.begin(record.acknowledgement());
            boolean timed = (++handled & TIMING_SAMPLE_MASK) == 0;
            long began = timed ? System.nanoTime() : 0;
            try {
                component.onRecord(inputs.lastInput(), record);
            } catch (PipelineStoppedException | InterruptedException e) {
                // interrupted in onRecord (grace period over, or a second Ctrl-C): stop, not a record error; the
                // record was in flight, and the summary says so; it is not acknowledged
                counters.inFlightAtExit();
                handling.end();
                throw e;
            } catch (Exception e) {
                context.reportError(record, "exception", e);
                if (!context.deadLetters()) {
                    // nothing took it as a dead letter: the source must not hear "handled", it redelivers instead
                    handling.end();
                    record.acknowledgement().fail(e);
                    continue;
                }
            }
            if (timed) {
                processing.record(System.nanoTime() - began, TimeUnit.NANOSECONDS);
            }
            handling.end();
            // after everything derived from it was sent (each copy took its own hold): never released early; a record
            // whose error record went to errors is handled once that error record is
            record.acknowledgement().release();
        }
    }

    /** Runs the tasks that are due; returns nanoseconds until the next one. */
    private long runDueTasks() {
        long now = System.nanoTime();
        long next = Long.MAX_VALUE;
        for (ScheduledTask t : context.tasks()) {
            if (now - t.nextDue >= 0) {
                try {
                    t.task.run();
                } catch (PipelineStoppedException e) {
                    throw e;
                } catch (RuntimeException e) {
                    context.reportError(null, "scheduled_task", e);
                }
                t.nextDue = now + t.periodNanos;
            }
            next = Math.min(next, t.nextDue - now);
        }
        return next;
    }

    void start() {
        thread.start();
    }

    /**
     * The component failed on a thread of its own: the run stops with its failure, what waits for it is
     * dropped (counted) so that senders do not block, and its thread is interrupted out of any wait.
     */
    void failFromOutside(Throwable cause) {
        if (!failedOutside.compareAndSet(false, true) || isFinished()) {
            return;
        }
        failure = cause;
        inputs.abandon();
        pipeline.componentFailed(this, cause, true);
        thread.interrupt();
    }

    void awaitStarted() throws InterruptedException {
        started.await();
    }

    boolean awaitFinished(long nanos) throws InterruptedException {
        return finished.await(nanos, TimeUnit.NANOSECONDS);
    }

    boolean isFinished() {
        return finished.getCount() == 0;
    }

    /** Whether this component is detached, not closed, when the pipeline stops (only a {@link Reloadable} can be). */
    void keep(boolean keep) {
        this.keep = keep && component instanceof Reloadable;
    }

    /** Whether this component is to be detached, not stopped, when the pipeline stops. */
    boolean keeping() {
        return keep;
    }

    /** Whether the component was kept: detached, not closed, and so free for the next pipeline. */
    boolean kept() {
        return keep && failure == null && isFinished();
    }

    /**
     * The components whose end this one waits for before it is asked to stop: those that send to it, except
     * those it reaches itself (a cycle never ends from upstream).
     */
    void upstream(List<ComponentRunner> senders) {
        upstream = List.copyOf(senders);
    }

    /** Whether everything upstream has finished, so that nothing more reaches this component but what is queued. */
    boolean upstreamFinished() {
        return upstream.stream().allMatch(ComponentRunner::isFinished);
    }

    /** Whether {@link #requestStop()} has run. */
    boolean stopRequested() {
        return stopRequested.get();
    }

    /** Asks the component to stop, once: its context says so first, then its {@code stop()} (or detach) runs. */
    void requestStop() {
        if (!stopRequested.compareAndSet(false, true)) {
            return;
        }
        context.markStopping();
        try {
            if (keep) {
                ((Reloadable) component).detach();
                return;
            }
            component.stop();
        } catch (RuntimeException e) {
            log.warn("{} - error while stopping: {}", decl.name(), e.toString());
        }
    }

    void interrupt() {
        thread.interrupt();
    }

    Component component() {
        return component;
    }

    ComponentDecl decl() {
        return decl;
    }

    RunnerContext context() {
        return context;
    }

    ComponentCounters counters() {
        return counters;
    }

    InputSet inputs() {
        return inputs;
    }

    Throwable failure() {
        return failure;
    }
}
