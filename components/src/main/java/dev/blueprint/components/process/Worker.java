package dev.blueprint.components.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.Acknowledgement;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import dev.blueprint.api.PipelineStoppedException;
import dev.blueprint.api.Record;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import net.thisptr.jackson.jq.exception.JsonQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker process and the request it is answering. A worker has at most one request outstanding: every
 * line it prints belongs to that request, until a line satisfies {@code end_when} (by default the first
 * line does). That rule is what lets answers keep the request's correlation fields without the worker
 * having to echo them. A worker that exits is restarted after a backoff; a request it held is answered
 * with an error record. Where it is in that life is one {@link WorkerState}, changed only along the transitions that
 * state allows; the request it holds, the reason it was killed and the backoff are the data that go with it.
 */
final class Worker implements LineReader.Listener {
    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    /** What the pool learns from a worker. */
    interface Pool {
        /** {@code worker} can take a request. */
        void idle(Worker worker);

        /** A request is done with: answered, timed out or lost with its worker. */
        void settled();

        /** Nothing reads {@code worker}'s answers any more: the component cannot go on. */
        void failed(Worker worker, Throwable cause);
    }

    private final int index;
    private final ProcessConfig config;
    private final WorkerCommand command;
    private final ComponentContext context;
    private final Output output;
    private final ScheduledExecutorService timer;
    private final Pool pool;
    private final AnswerLines answers;
    private final RequestMetrics metrics;
    private WorkerState state = WorkerState.NEW;
    private WorkerProcess process;
    /** The request being answered: set in BUSY, and kept in CLOSING until it is answered. */
    private Request current;
    /** Why the running program was killed, or null: its late lines are dropped, not taken for another answer. */
    private String killedFor;
    private final RestartBackoff backoff;

    Worker(int index, ProcessConfig config, WorkerCommand command, ComponentContext context, ScheduledExecutorService timer,
            Pool pool, RequestMetrics metrics) throws JsonQueryException {
        this.index = index;
        this.metrics = metrics;
        this.config = config;
        this.command = command;
        this.context = context;
        this.output = context.output();
        this.timer = timer;
        this.pool = pool;
        this.answers = new AnswerLines(index, config, context, metrics);
        this.backoff = new RestartBackoff(config.restartBackoff());
    }

    /** Starts the program, then offers itself to the pool. */
    void spawn() throws IOException {
        synchronized (this) {
            if (state != WorkerState.NEW && state != WorkerState.RESTARTING) {
                return; // closed meanwhile
            }
            // the reader threads wait on this lock before handling anything, so they see the state set here
            process = WorkerProcess.start(command, context.name(), index, (int) config.maxLineBytes().bytes(), this,
                    this::onExit, this::onReaderDied);
            killedFor = null;
            become(WorkerState.IDLE);
        }
        pool.idle(this);
    }

    /**
     * Hands {@code record} to this worker; false when it cannot take it now (exited, or busy because it was
     * queued twice as idle), and the caller tries another.
     */
    boolean offer(Record record, Acknowledgement acknowledgement) throws IOException {
        WorkerProcess to;
        Request request;
        synchronized (this) {
            if (state != WorkerState.IDLE) {
                return false;
            }
            request = new Request(record, Correlation.of(record.value(), config.correlationFields()), acknowledgement,
                    metrics.began(record.value()));
            current = request;
            become(WorkerState.BUSY);
            if (!config.timeout().isZero()) {
                request.timeout(timer.schedule(() -> expire(request), config.timeout().toNanos(), TimeUnit.NANOSECONDS));
            }
            to = process;
        }
        byte[] line = (context.json().writeValueAsString(record.value()) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            // written outside the lock: a worker slow to read must not stop its own answers being read
            to.write(line);
        } catch (IOException e) {
            // the worker is exiting; its end is seen on stdout and the request answered with worker_exited
            log.debug("{} - worker {} did not take record #{}: {}", context.name(), index, record.sequence(), e.getMessage());
        }
        return true;
    }

    @Override
    public void onLine(String line) {
        try {
            handle(line);
        } catch (PipelineStoppedException e) {
            // a forced shutdown interrupting an emit: keep reading so that the program can finish
            log.debug("{} - worker {}: {}", context.name(), index, e.toString());
        }
    }

    private void handle(String line) {
        Request request;
        boolean killed;
        synchronized (this) {
            request = current;
            killed = killedFor != null;
        }
        ObjectNode last = answers.take(line, request, killed);
        if (last != null) {
            finish(request, last);
        }
    }

    private void finish(Request request, JsonNode last) {
        synchronized (this) {
            if (current != request) {
                return;
            }
            current = null;
            backoff.reset();
            if (state == WorkerState.BUSY) {
                become(WorkerState.SETTLING);
            }
        }
        metrics.answered(request.series(), request.elapsedNanos(), last);
        request.cancelTimeout();
        pool.settled();
        request.acknowledgement().release();
    }

    /**
     * Offers the worker again only once everything it printed has been read: a line it printed after the end
     * of an answer, but before it could have read the next request, is then unexpected_output instead of
     * being taken for the next request's answer.
     */
    @Override
    public void onQuiet() {
        synchronized (this) {
            if (state != WorkerState.SETTLING) {
                return;
            }
            become(WorkerState.IDLE);
        }
        pool.idle(this);
    }

    /** A line passed max_line_bytes: it answers its request with line_too_long and the worker is replaced. */
    @Override
    public void onLineTooLong(long limit) {
        Request request;
        WorkerProcess p;
        synchronized (this) {
            request = current;
            current = null;
            killedFor = "line_too_long";
            if (state.running()) {
                become(WorkerState.KILLED);
            }
            p = process;
        }
        String message = "worker " + index + " printed a line longer than max_line_bytes (" + limit + " bytes); worker " + index
                + " is restarted";
        if (request != null) {
            request.cancelTimeout();
            answerError(request, "line_too_long", message);
        } else {
            context.reportError(null, "line_too_long", new IllegalStateException(message));
        }
        // the rest of that line and whatever follows could not be told apart from the next answer
        p.kill();
    }

    private void onReaderDied(Throwable cause) {
        synchronized (this) {
            if (state != WorkerState.CLOSED) {
                become(WorkerState.CLOSED);
            }
        }
        pool.failed(this, cause);
    }

    private void expire(Request request) {
        WorkerProcess p;
        synchronized (this) {
            if (current != request) {
                return;
            }
            current = null;
            killedFor = "timeout";
            if (state.running()) {
                become(WorkerState.KILLED);
            }
            p = process;
        }
        answerError(request, "timeout", "no complete answer within " + RestartBackoff.text(config.timeout()) + " (timeout); worker " + index
                + " is restarted");
        // its late lines would be taken for the next request's answer, so this process must go
        p.kill();
    }

    private void onExit(WorkerProcess p) {
        Request lost;
        String reason;
        synchronized (this) {
            lost = current;
            current = null;
            reason = killedFor;
            become(state == WorkerState.CLOSING ? WorkerState.CLOSED : WorkerState.RESTARTING);
        }
        int code = p.exitCode();
        if (lost != null) {
            lost.cancelTimeout();
            answerError(lost, "worker_exited", "worker " + index + " exited with code " + code + " before finishing its answer");
        }
        Duration pause;
        synchronized (this) {
            if (state != WorkerState.RESTARTING) {
                return; // closed, before or since it exited
            }
            pause = backoff.take();
        }
        String cause = reason != null ? " (stopped after a " + reason + ")" : "";
        String held = lost != null ? ", answering record #" + lost.record().sequence() + " with worker_exited" : "";
        log.warn("{} - worker {} exited with code {}{}{}; restarting in {}", context.name(), index, code, cause, held, RestartBackoff.text(pause));
        metrics.restarted();
        timer.schedule(this::restart, pause.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void answerError(Request request, String code, String message) {
        metrics.failed(request.series(), request.elapsedNanos(), code);
        try {
            output.emit(request.correlation().error(code, message), request.acknowledgement());
        } finally {
            pool.settled();
            request.acknowledgement().release();
        }
    }

    private void restart() {
        synchronized (this) {
            if (state != WorkerState.RESTARTING) {
                return; // closed while it waited
            }
            if (context.isStopping()) {
                // a signal to the whole process group (Ctrl-C, docker stop) ends the workers with the pipeline:
                // no need for them unless records still queued arrive, see reviveIfDormant
                become(WorkerState.DORMANT);
                log.info("{} - worker {} not restarted: the pipeline is stopping (it is if more records arrive)", context.name(), index);
                return;
            }
        }
        spawnOrRetry();
    }

    /** Starts a worker left dormant by a shutdown, because records still arrive. Called on the component's thread. */
    void reviveIfDormant() {
        synchronized (this) {
            if (state != WorkerState.DORMANT) {
                return;
            }
            become(WorkerState.RESTARTING);
        }
        spawnOrRetry();
    }

    private void spawnOrRetry() {
        try {
            spawn();
        } catch (IOException e) {
            Duration pause;
            synchronized (this) {
                pause = backoff.take();
            }
            log.error("{} - cannot restart worker {} ({}): {}; trying again in {}", context.name(), index, command, e.getMessage(),
                    RestartBackoff.text(pause));
            timer.schedule(this::restart, pause.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Stops restarts and closes stdin, so that the worker can finish on its own. Does not block. */
    void closeInput() {
        WorkerProcess p;
        synchronized (this) {
            if (state.running() || state == WorkerState.KILLED) {
                become(WorkerState.CLOSING);
            } else if (state != WorkerState.CLOSING && state != WorkerState.CLOSED) {
                become(WorkerState.CLOSED); // no program running: nothing to wait for
            }
            p = process;
        }
        if (p != null) {
            p.closeInput();
        }
    }

    /** Waits (bounded) for the worker to exit after {@link #closeInput()}; SIGTERM, then SIGKILL, if it does not. */
    void awaitExit() {
        WorkerProcess p;
        synchronized (this) {
            p = process;
        }
        if (p != null) {
            p.awaitExit();
        }
    }

    /** Moves to {@code next}; the caller holds the lock. */
    private void become(WorkerState next) {
        state = state.to(next);
    }

    /** Where the worker is now. */
    synchronized WorkerState state() {
        return state;
    }

    @Override
    public String toString() {
        return "worker " + index;
    }
}
