package dev.blueprint.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * The hand-written baseline: four threads (source, filter, transformer, sink) over three
 * ArrayBlockingQueues, passing records along with an end marker. For the jq stages the filter and
 * transformer threads evaluate the same expressions with jackson-jq directly, so that both sides of the
 * comparison do the same work and the ratio measures the runtime's overhead.
 */
final class QueueBaseline {
    private static final Object END = new Object();

    /** What a middle thread does with one record. */
    interface Stage {
        void apply(JsonNode in, BlockingQueue<Object> out) throws JsonQueryException, InterruptedException;
    }

    private QueueBaseline() {
    }

    static Stage passthrough() {
        return (in, out) -> out.put(in);
    }

    /** Passes a record when the jq condition's first output is truthy, as the Filter component does. */
    static Stage jqFilter(String condition) throws JsonQueryException {
        JsonQuery q = JsonQuery.compile(condition, Versions.JQ_1_6);
        Scope scope = scope();
        return (in, out) -> {
            JsonNode[] first = new JsonNode[1];
            q.apply(scope, in, v -> {
                if (first[0] == null) {
                    first[0] = v;
                }
            });
            JsonNode v = first[0];
            if (v != null && !v.isNull() && !(v.isBoolean() && !v.booleanValue())) {
                out.put(in);
            }
        };
    }

    /** Passes on every output of the jq expression, as the Transformer component does. */
    static Stage jqTransform(String expression) throws JsonQueryException {
        JsonQuery q = JsonQuery.compile(expression, Versions.JQ_1_6);
        Scope scope = scope();
        return (in, out) -> {
            java.util.List<JsonNode> results = new java.util.ArrayList<>(1);
            q.apply(scope, in, results::add);
            for (JsonNode r : results) {
                out.put(r);
            }
        };
    }

    private static Scope scope() {
        Scope root = Scope.newEmptyScope();
        BuiltinFunctionLoader.getInstance().loadFunctions(Versions.JQ_1_6, root);
        return Scope.newChildScope(root);
    }

    static long run(JsonNode sample, int records, int capacity, Stage filterStage, Stage transformStage)
            throws InterruptedException {
        BlockingQueue<Object> q1 = new ArrayBlockingQueue<>(capacity);
        BlockingQueue<Object> q2 = new ArrayBlockingQueue<>(capacity);
        BlockingQueue<Object> q3 = new ArrayBlockingQueue<>(capacity);
        long[] seen = new long[1];
        Thread source = new Thread(() -> {
            try {
                for (int i = 0; i < records; i++) {
                    q1.put(sample);
                }
                q1.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread filter = relay(q1, q2, filterStage);
        Thread transformer = relay(q2, q3, transformStage);
        Thread sink = new Thread(() -> {
            try {
                long n = 0;
                while (q3.take() != END) {
                    n++;
                }
                seen[0] = n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (Thread t : new Thread[] {source, filter, transformer, sink}) {
            t.start();
        }
        for (Thread t : new Thread[] {source, filter, transformer, sink}) {
            t.join();
        }
        if (seen[0] != records) {
            throw new IllegalStateException("baseline lost records: " + seen[0]);
        }
        return seen[0];
    }

    private static Thread relay(BlockingQueue<Object> from, BlockingQueue<Object> to, Stage stage) {
        return new Thread(() -> {
            try {
                Object o;
                while ((o = from.take()) != END) {
                    stage.apply((JsonNode) o, to);
                }
                to.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (JsonQueryException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
