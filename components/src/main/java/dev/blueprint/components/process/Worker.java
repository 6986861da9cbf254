package dev.blueprint.components.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.Acknowledgement;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import dev.blueprint.api.PipelineStoppedException;
import dev.blueprint.api.Record;
import dev.blueprint.components.jq.JqExpression;
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
 * with an error record.
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
    private final JqExpression endWhen;
    private final RequestMetrics metrics;
    private WorkerProcess process;
    private Request current;
    private boolean alive;
    private boolean closing;
    private boolean dormant;
    /** The answer is complete; the worker is offered again once it has nothing more to say. */
    private boolean idlePending;
    private String killedFor;
    private Duration backoff;

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
        this.endWhen = config.endWhen() == null ? null : JqExpression.compile(config.endWhen());
        this.backoff = config.restartBackoff();
    }

    /** Starts the program, then offers itself to the pool. */
    void spawn() throws IOException {
        synchronized (this) {
            if (closing) {
                return;
            }
            // the reader threads wait on this lock before handling anything, so they see the state set here
            process = WorkerProcess.start(command, context.name(), index, (int) config.maxLineBytes().bytes(), this,
                    this::onExit, this::onReaderDied);
            alive = true;
            killedFor = null;
            idlePending = false;
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
            if (!alive || current != null) {
                return false;
            }
            request = new Request(record, Correlation.of(record.value(), config.correlationFields()), acknowledgement,
                    metrics.began(record.value()));
            current = request;
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
        if (request == null && killed) {
            // the rest of an answer that timed out, printed before the kill took effect: its client already has its error
            log.debug("{} - worker {}: dropping a line of an answer that timed out", context.name(), index);
            return;
        }
        Record about = request == null ? null : request.record();
        JsonNode parsed;
        try {
            parsed = context.json().readTree(line);
        } catch (IOException e) {
            parsed = null;
        }
        if (parsed == null || !parsed.isObject()) {
            context.reportError(about, "bad_output", new IllegalArgumentException("worker " + index
                    + " printed a line that is not a JSON object (each stdout line must be one): " + abbreviate(line)));
            return;
        }
        if (request == null) {
            context.reportError(null, "unexpected_output", new IllegalStateException("worker " + index
                    + " printed a line that answers no pending request (after the end of its last answer); dropped: "
                    + abbreviate(line)));
            return;
        }
        ObjectNode answer = request.correlation().stamp((ObjectNode) parsed);
        output.emit(answer, request.acknowledgement());
        metrics.line(request.series());
        if (ends(request, answer)) {
            finish(request, answer);
        }
    }

    private boolean ends(Request request, JsonNode answer) {
        if (endWhen == null) {
            return true;
        }
        try {
            return endWhen.test(answer);
        } catch (JsonQueryException | RuntimeException e) {
            context.reportError(request.record(), "jq_error", new IllegalArgumentException("end_when (" + endWhen + "): " + e.getMessage(), e));
            return false;
        }
    }

    private void finish(Request request, JsonNode last) {
        synchronized (this) {
            if (current != request) {
                return;
            }
            current = null;
            backoff = config.restartBackoff();
            idlePending = true;
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
            if (!idlePending || !alive || killedFor != null) {
                return;
            }
            idlePending = false;
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
            idlePending = false;
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
            closing = true;
            alive = false;
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
            p = process;
        }
        answerError(request, "timeout", "no complete answer within " + text(config.timeout()) + " (timeout); worker " + index
                + " is restarted");
        // its late lines would be taken for the next request's answer, so this process must go
        p.kill();
    }

    private void onExit(WorkerProcess p) {
        Request lost;
        String reason;
        synchronized (this) {
            alive = false;
            lost = current;
            current = null;
            reason = killedFor;
        }
        int code = p.exitCode();
        if (lost != null) {
            lost.cancelTimeout();
            answerError(lost, "worker_exited", "worker " + index + " exited with code " + code + " before finishing its answer");
        }
        Duration pause;
        synchronized (this) {
            if (closing) {
                return;
            }
            pause = backoff;
            backoff = min(backoff.multipliedBy(2), ProcessConfig.MAX_BACKOFF);
        }
        String cause = reason != null ? " (stopped after a " + reason + ")" : "";
        String held = lost != null ? ", answering record #" + lost.record().sequence() + " with worker_exited" : "";
        log.warn("{} - worker {} exited with code {}{}{}; restarting in {}", context.name(), index, code, cause, held, text(pause));
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
            if (context.isStopping()) {
                // a signal to the whole process group (Ctrl-C, docker stop) ends the workers with the pipeline:
                // no need for them unless records still queued arrive, see reviveIfDormant
                dormant = true;
                log.info("{} - worker {} not restarted: the pipeline is stopping (it is if more records arrive)", context.name(), index);
                return;
            }
        }
        spawnOrRetry();
    }

    /** Starts a worker left dormant by a shutdown, because records still arrive. Called on the component's thread. */
    void reviveIfDormant() {
        synchronized (this) {
            if (!dormant || closing) {
                return;
            }
            dormant = false;
        }
        spawnOrRetry();
    }

    private void spawnOrRetry() {
        try {
            spawn();
        } catch (IOException e) {
            Duration pause;
            synchronized (this) {
                pause = backoff;
                backoff = min(backoff.multipliedBy(2), ProcessConfig.MAX_BACKOFF);
            }
            log.error("{} - cannot restart worker {} ({}): {}; trying again in {}", context.name(), index, command, e.getMessage(),
                    text(pause));
            timer.schedule(this::restart, pause.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Stops restarts and closes stdin, so that the worker can finish on its own. Does not block. */
    void closeInput() {
        WorkerProcess p;
        synchronized (this) {
            closing = true;
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

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String text(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private static String abbreviate(String line) {
        return line.length() <= 200 ? line : line.substring(0, 200) + "… (" + line.length() + " chars)";
    }

    @Override
    public String toString() {
        return "worker " + index;
    }
}
