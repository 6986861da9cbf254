package dev.blueprint.components.process;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.DataSize;
import dev.blueprint.api.Doc;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Config of the {@code Process} type.
 *
 * @param command the worker's argv
 * @param workers how many worker processes run at once
 * @param env variables added to the worker's environment
 * @param cwd the worker's working directory
 * @param timeout time one request may take until its answer is complete; 0 = no limit
 * @param endWhen jq condition on an output line that marks it as the last line of its answer
 * @param correlationFields request fields copied onto every output line of its answer
 * @param restartBackoff pause before restarting a worker that exited, doubled on each exit in a row
 * @param maxLineBytes the longest stdout or stderr line a worker may print
 * @param requestMetrics how the per-request meters are named and labelled
 */
public record ProcessConfig(
        @Doc("The worker's argv, e.g. [python3, workers/model.py]. The program is looked up on PATH; an argument that is a "
                + "relative path with a / naming an existing file beside the blueprint is resolved against the blueprint's "
                + "directory. Default [cat]: echoes every record.") List<String> command,
        @Doc("Worker processes running at once (default 1); each record goes to a worker that has no request outstanding.") Integer workers,
        @Doc("Environment variables added to (or replacing) the inherited environment, e.g. {PYTHONUNBUFFERED: \"1\"}.") Map<String, String> env,
        @Doc("Working directory of the workers; relative to the blueprint's directory (default: the blueprint's directory).") String cwd,
        @Doc("Time one request may take until its answer is complete (default 30s; 0 = no limit). On expiry the request is "
                + "answered with an error record (code timeout) and the worker is restarted.") Duration timeout,
        @Doc("jq condition marking an output line as the last of its answer, e.g. '.type == \"end\" or .type == \"error\"' "
                + "(default: every line is a whole answer: one line per request).") String endWhen,
        @Doc("Fields of the request copied onto every output line of its answer and onto error records (default "
                + "[session_id, connection_id, id]), so that answers find their way back.") List<String> correlationFields,
        @Doc("Pause before restarting a worker that exited (default 100ms), doubled for each exit in a row up to 10s; "
                + "reset by a complete answer.") Duration restartBackoff,
        @Doc("The longest line a worker may print on stdout or stderr (default 16MiB, at most 1GiB). A longer stdout line, "
                + "or one that never ends, answers its request with an error record (code line_too_long) and the worker is "
                + "restarted; so a worker cannot make the component hold more than this per line.") DataSize maxLineBytes,
        @Doc("Per-request metrics on /metrics: {name, labels, error_code}; see RequestMetricsConfig. Default name "
                + "process_request, no labels.") RequestMetricsConfig requestMetrics) {

    /** The longest pause between restarts of one worker. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    /** The largest max_line_bytes: a line is held in one Java array. */
    static final DataSize MAX_LINE_LIMIT = DataSize.ofMiB(1024);

    public ProcessConfig {
        command = command == null ? List.of("cat") : List.copyOf(command);
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw new ConfigException("command", "needs at least the program to run, e.g. [python3, workers/model.py]");
        }
        workers = workers == null ? 1 : workers;
        if (workers < 1 || workers > 256) {
            throw new ConfigException("workers", "must be 1..256, was " + workers);
        }
        env = env == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(env));
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
        if (timeout.isNegative()) {
            throw new ConfigException("timeout", "must be 0 (no limit) or positive, was " + timeout);
        }
        correlationFields = correlationFields == null ? List.of("session_id", "connection_id", "id") : List.copyOf(correlationFields);
        restartBackoff = restartBackoff == null ? Duration.ofMillis(100) : restartBackoff;
        if (restartBackoff.isNegative() || restartBackoff.compareTo(MAX_BACKOFF) > 0) {
            throw new ConfigException("restart_backoff", "must be 0..10s, was " + restartBackoff);
        }
        requestMetrics = requestMetrics == null ? RequestMetricsConfig.defaults() : requestMetrics;
        maxLineBytes = maxLineBytes == null ? DataSize.ofMiB(16) : maxLineBytes;
        if (maxLineBytes.bytes() < 1024 || maxLineBytes.bytes() > MAX_LINE_LIMIT.bytes()) {
            throw new ConfigException("max_line_bytes", "must be 1KiB..1GiB, was " + maxLineBytes);
        }
    }
}
