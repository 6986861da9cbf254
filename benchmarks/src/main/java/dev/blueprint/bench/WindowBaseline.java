package dev.blueprint.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * The hand-written window: a source thread, an aggregating thread and a sink thread over ArrayBlockingQueues. The
 * aggregator reads key, number and time with the same jq expressions (jackson-jq directly), keeps count, sum, min
 * and max per key in a HashMap for the current 1-second window, aligned to the epoch, and emits one result per key
 * when a reading's time passes the window's end: the work the window component does, without its generality.
 */
final class WindowBaseline {
    private static final Object END = new Object();

    private WindowBaseline() {
    }

    /** count, sum, min, max. */
    private static final class Figures {
        long count;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
    }

    static long run(long records, int keys, int capacity) throws Exception {
        BlockingQueue<Object> in = new ArrayBlockingQueue<>(capacity);
        BlockingQueue<Object> out = new ArrayBlockingQueue<>(capacity);
        long[] results = new long[1];
        Thread source = new Thread(() -> {
            try {
                for (long n = 0; n < records; n++) {
                    in.put(WindowReadings.reading(n, keys));
                }
                in.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread aggregator = new Thread(() -> {
            try {
                aggregate(in, out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (JsonQueryException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread sink = new Thread(() -> {
            try {
                while (out.take() != END) {
                    results[0]++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (Thread t : new Thread[] {source, aggregator, sink}) {
            t.start();
        }
        for (Thread t : new Thread[] {source, aggregator, sink}) {
            t.join();
        }
        return results[0];
    }

    private static void aggregate(BlockingQueue<Object> in, BlockingQueue<Object> out) throws InterruptedException, JsonQueryException {
        Scope root = Scope.newEmptyScope();
        BuiltinFunctionLoader.getInstance().loadFunctions(Versions.JQ_1_6, root);
        Scope scope = Scope.newChildScope(root);
        JsonQuery key = JsonQuery.compile(WindowReadings.KEY, Versions.JQ_1_6);
        JsonQuery field = JsonQuery.compile(WindowReadings.FIELD, Versions.JQ_1_6);
        JsonQuery time = JsonQuery.compile(WindowReadings.TIMESTAMP, Versions.JQ_1_6);
        Map<String, Figures> window = new HashMap<>();
        long start = Long.MIN_VALUE;
        Object o;
        while ((o = in.take()) != END) {
            JsonNode r = (JsonNode) o;
            long t = Math.round(first(time, scope, r).doubleValue() * 1000);
            if (start != Long.MIN_VALUE && t >= start + 1000) {
                flush(window, start, out);
            }
            start = Math.floorDiv(t, 1000) * 1000;
            Figures f = window.computeIfAbsent(first(key, scope, r).asText(), k -> new Figures());
            double v = first(field, scope, r).doubleValue();
            f.count++;
            f.sum += v;
            f.min = Math.min(f.min, v);
            f.max = Math.max(f.max, v);
        }
        flush(window, start, out);
        out.put(END);
    }

    private static JsonNode first(JsonQuery q, Scope scope, JsonNode in) throws JsonQueryException {
        JsonNode[] first = new JsonNode[1];
        q.apply(scope, in, v -> {
            if (first[0] == null) {
                first[0] = v;
            }
        });
        return first[0];
    }

    private static void flush(Map<String, Figures> window, long start, BlockingQueue<Object> out) throws InterruptedException {
        for (Map.Entry<String, Figures> e : window.entrySet()) {
            Figures f = e.getValue();
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("key", e.getKey()).put("count", f.count).put("sum", f.sum).put("avg", f.sum / f.count).put("min", f.min).put("max", f.max);
            o.put("start", Instant.ofEpochMilli(start).toString()).put("end", Instant.ofEpochMilli(start + 1000).toString());
            out.put(o);
        }
        window.clear();
    }
}
