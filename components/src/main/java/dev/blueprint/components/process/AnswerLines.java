package dev.blueprint.components.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import dev.blueprint.api.Record;
import dev.blueprint.components.jq.JqExpression;
import java.io.IOException;
import net.thisptr.jackson.jq.exception.JsonQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one line a worker printed on stdout means: a line of the answer to the request it holds (emitted with that
 * request's correlation fields, and perhaps its end, by {@code end_when}), or a line that answers nothing, reported as
 * {@code bad_output} or {@code unexpected_output}, or dropped when it is the rest of an answer that timed out.
 */
final class AnswerLines {
    private static final Logger log = LoggerFactory.getLogger(AnswerLines.class);

    private final int index;
    private final ComponentContext context;
    private final Output output;
    private final RequestMetrics metrics;
    /** {@code end_when}, or null: then the first line ends the answer. */
    private final JqExpression endWhen;

    AnswerLines(int index, ProcessConfig config, ComponentContext context, RequestMetrics metrics) throws JsonQueryException {
        this.index = index;
        this.context = context;
        this.output = context.output();
        this.metrics = metrics;
        this.endWhen = config.endWhen() == null ? null : JqExpression.compile(config.endWhen());
    }

    /**
     * Takes {@code line}, printed while the worker holds {@code request} (null when none; {@code killed} when its program
     * was killed for the last one); returns the answer line when it ends {@code request}'s answer, else null.
     */
    ObjectNode take(String line, Request request, boolean killed) {
        if (request == null && killed) {
            // the rest of an answer that timed out, printed before the kill took effect: its client already has its error
            log.debug("{} - worker {}: dropping a line of an answer that timed out", context.name(), index);
            return null;
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
            return null;
        }
        if (request == null) {
            context.reportError(null, "unexpected_output", new IllegalStateException("worker " + index
                    + " printed a line that answers no pending request (after the end of its last answer); dropped: "
                    + abbreviate(line)));
            return null;
        }
        ObjectNode answer = request.correlation().stamp((ObjectNode) parsed);
        output.emit(answer, request.acknowledgement());
        metrics.line(request.series());
        return ends(request, answer) ? answer : null;
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

    private static String abbreviate(String line) {
        return line.length() <= 200 ? line : line.substring(0, 200) + "… (" + line.length() + " chars)";
    }
}
