package dev.blueprint.runtime.exec;

import dev.blueprint.api.Streams;
import java.util.ArrayList;
import java.util.List;

/**
 * The summary of a run, one line per component, accounting for every record that reached it however the run ended:
 * {@code in} (handed to it), {@code dropped} on its inputs (by the overflow policy, or at shutdown: still queued, or
 * left by a component that died), {@code errors}; {@code filtered=} for records it sent to an output nothing is bound
 * to; {@code in_flight=} for a record it was handling when it was stopped at once; for a sink, {@code written=} and
 * {@code unwritten=} (in = written + unwritten + errors).
 */
final class RunSummary {
    private RunSummary() {
    }

    /** The lines for {@code runners}, in their order. */
    static List<String> of(List<ComponentRunner> runners) {
        List<String> lines = new ArrayList<>();
        for (ComponentRunner r : runners) {
            ComponentCounters c = r.counters();
            long overflow = r.inputs().droppedByOverflow();
            long shutdown = r.inputs().notDelivered();
            StringBuilder line = new StringBuilder(String.format("%s (%s): in=%d out=%d dropped=%d errors=%d", c.name(), c.type(),
                    c.recordsIn(), c.recordsOut(), overflow + shutdown, c.errors()));
            if (shutdown > 0) {
                line.append(" dropped_shutdown=").append(shutdown).append(" dropped_overflow=").append(overflow);
            }
            if (c.inFlight() > 0) {
                line.append(" in_flight=").append(c.inFlight());
            }
            if (c.filtered() > 0) {
                line.append(" filtered=").append(c.filtered());
            }
            appendPerOutput(line, r);
            if (c.writes()) {
                line.append(" written=").append(c.written()).append(" unwritten=")
                        .append(Math.max(0, c.recordsIn() - c.written() - c.errors()));
            }
            if (c.late() > 0) {
                line.append(" discarded_after_close=").append(c.late());
            }
            lines.add(line.append(c.finished() ? "" : " (running)").toString());
        }
        return lines;
    }

    /**
     * With more than one bound data output (a Filter's output and rejected), out= adds them up: say how many each
     * got, so that passed and rejected records are told apart ({@code out.output=3 out.rejected=2}).
     */
    private static void appendPerOutput(StringBuilder line, ComponentRunner r) {
        List<OutputPort> data = r.outputs().values().stream().filter(o -> !o.name().equals(Streams.ERRORS) && o.isBound()).toList();
        if (data.size() > 1) {
            data.forEach(o -> line.append(" out.").append(o.name()).append('=').append(o.sent()));
        }
    }
}
