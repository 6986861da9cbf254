package dev.blueprint.components.streamprocessor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.Acknowledgement;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Output;
import dev.blueprint.api.Record;
import dev.blueprint.components.jq.JqExpression;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.PriorityQueue;
import java.util.Map;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * Joining by key within a time window: each arriving record is paired with every record of the other
 * side that has the same key and a time less than {@code window} from its own, emitting {@code {key, left, right}};
 * it then waits {@code window} for later matches. The time is when it arrived, or with {@code time: event} its own
 * (then it waits until the watermark, the latest event time minus the allowed lateness, has passed its time plus
 * window). A record that leaves the window without ever matching
 * goes to {@code unmatched} as {@code {"side": ..., "record": ...}} (also when the inputs end).
 */
final class KeyedJoin implements Component {
    private final JoiningConfig config;
    private final Map<String, Deque<Pending>> left = new HashMap<>();
    private final Map<String, Deque<Pending>> right = new HashMap<>();
    /** Every buffered record, earliest time first (arrival order on processing time). */
    private final PriorityQueue<Pending> arrivals = new PriorityQueue<>(
            java.util.Comparator.comparingLong((Pending p) -> p.arrived).thenComparingLong(p -> p.order));
    private final Watermark watermark;
    private long order;
    private JqExpression timestamp;
    private ComponentContext context;
    private JqExpression key;
    private Output out;
    private Output unmatched;

    KeyedJoin(JoiningConfig config) {
        this.config = config;
        this.watermark = new Watermark(config.allowedLateness().toMillis());
    }

    /** A buffered record; {@code matched} turns true on its first pair. */
    private static final class Pending {
        final String side;
        final String keyText;
        final JsonNode value;
        /** Its time: when it arrived, or its event time. */
        final long arrived;
        long order;
        /** Held while it waits in the window: its source message is not handled before it leaves. */
        final Acknowledgement ack;
        boolean matched;

        Pending(String side, String keyText, JsonNode value, long arrived, Acknowledgement ack) {
            this.side = side;
            this.keyText = keyText;
            this.value = value;
            this.arrived = arrived;
            this.ack = ack;
        }
    }

    @Override
    public void start(ComponentContext context) throws JsonQueryException {
        this.context = context;
        this.key = JqExpression.compile(config.key());
        this.out = context.output();
        this.unmatched = context.output("unmatched");
        if (config.time() == WindowConfig.Time.EVENT) {
            this.timestamp = JqExpression.compile(config.timestamp());
            return; // event time moves with the records alone
        }
        long tick = Math.max(10, Math.min(1000, config.window().toMillis() / 4));
        context.schedule(Duration.ofMillis(tick), () -> expire(context.clock().millis() - config.window().toMillis()));
    }

    @Override
    public void onRecord(String input, Record record) {
        JsonNode k;
        long time;
        try {
            k = key.first(record);
            time = timestamp == null ? context.clock().millis() : WindowInput.time(timestamp.first(record));
        } catch (WindowInput.Unreadable e) {
            context.reportError(record, e.kind, e.getCause());
            return;
        } catch (JsonQueryException | RuntimeException e) {
            context.reportError(record, "jq_error", e);
            return;
        }
        k = k == null ? NullNode.instance : k;
        if (timestamp == null) {
            expire(time - config.window().toMillis());
        }
        Pending p = new Pending(input, k.toString(), record.value(), time, context.hold());
        p.order = order++;
        boolean isLeft = "left".equals(input);
        Deque<Pending> others = (isLeft ? right : left).get(p.keyText);
        if (others != null) {
            for (Pending o : others) {
                if (Math.abs(o.arrived - p.arrived) >= config.window().toMillis()) {
                    continue; // event time: buffered, but too far from this one
                }
                o.matched = true;
                p.matched = true;
                emitPair(k, isLeft ? p.value : o.value, isLeft ? o.value : p.value, p.ack, o.ack);
            }
        }
        (isLeft ? left : right).computeIfAbsent(p.keyText, x -> new ArrayDeque<>()).addLast(p);
        arrivals.add(p);
        if (timestamp != null) {
            watermark.observe(time);
            expire(watermark.value() - config.window().toMillis());
        }
    }

    /** A pair derives from both records: neither source message is handled before the pair is. */
    private void emitPair(JsonNode k, JsonNode l, JsonNode r, Acknowledgement a, Acknowledgement b) {
        ObjectNode pair = JsonNodeFactory.instance.objectNode();
        pair.set("key", k);
        pair.set("left", l);
        pair.set("right", r);
        if (!a.isTracked() && !b.isTracked()) {
            out.emit(pair);
            return;
        }
        a.hold();
        b.hold();
        out.emit(pair, () -> {
            a.release();
            b.release();
        }, reason -> {
            a.fail(reason);
            b.fail(reason);
        });
    }

    /** Drops records that arrived before {@code cutoff}, sending the never-matched ones to unmatched. */
    private void expire(long cutoff) {
        while (!arrivals.isEmpty() && arrivals.peek().arrived < cutoff) {
            Pending p = arrivals.poll();
            Map<String, Deque<Pending>> side = "left".equals(p.side) ? left : right;
            Deque<Pending> q = side.get(p.keyText);
            q.remove(p);
            if (q.isEmpty()) {
                side.remove(p.keyText);
            }
            if (!p.matched) {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                o.put("side", p.side);
                o.set("record", p.value);
                unmatched.emit(o, p.ack); // what the record became: handled when this is
            }
            p.ack.release(); // out of the window
        }
    }

    @Override
    public void onInputsEnded() {
        expire(Long.MAX_VALUE);
    }
}
