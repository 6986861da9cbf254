package dev.blueprint.components.streamprocessor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * Joining by key within a time window: each arriving record is paired with every record of the other
 * side that has the same key and a time less than {@code window} from its own, emitting {@code {key, left, right}};
 * it then waits {@code window} for later matches. The time is when it arrived, or with {@code time: event} its own
 * (then it waits until the watermark, the latest event time minus the allowed lateness, has passed its time plus
 * window). A record that leaves the window without ever matching
 * goes to {@code unmatched} as {@code {"side": ..., "record": ...}} (also when the inputs end, without a state store).
 * With {@code id}, a record whose id is buffered (or left the buffer less than a window ago) is a redelivery: not
 * paired again. With a state store the buffer is checkpointed (see {@link JoinCheckpoints}) and restored on start.
 */
final class KeyedJoin implements Component {
    private static final Comparator<Pending> BY_TIME = Comparator.comparingLong((Pending p) -> p.arrived).thenComparingLong(p -> p.order);
    private final JoiningConfig config;
    private final long window;
    private final Map<String, Deque<Pending>> left = new HashMap<>();
    private final Map<String, Deque<Pending>> right = new HashMap<>();
    /** Every buffered record, earliest time first (arrival order on processing time). */
    private final PriorityQueue<Pending> arrivals = new PriorityQueue<>(BY_TIME);
    /** Ids of the buffered records, as side:id. */
    private final Map<String, Pending> buffered = new HashMap<>();
    /** Ids of records that left the buffer, with the time the expiry cutoff must pass before they are forgotten. */
    private final LinkedHashMap<String, Long> retired = new LinkedHashMap<>();
    private final Watermark watermark;
    private long order;
    private JqExpression timestamp;
    private JqExpression id;
    private ComponentContext context;
    private JqExpression key;
    private Output out;
    private Output unmatched;
    private JoinCheckpoints checkpoints;

    KeyedJoin(JoiningConfig config) {
        this.config = config;
        this.window = config.window().toMillis();
        this.watermark = new Watermark(config.allowedLateness().toMillis());
    }

    /** A buffered record; {@code matched} turns true on its first pair. */
    private static final class Pending {
        final String side;
        final String keyText;
        final JsonNode key;
        final JsonNode value;
        /** Its time: when it arrived, or its event time. */
        final long arrived;
        final String id;
        long order;
        /** Held while it waits in the window (no state store): its source message is not handled before it leaves. */
        Acknowledgement ack;
        /** Redeliveries of it that came while it waited (no state store): handled when it leaves. */
        List<Acknowledgement> again;
        boolean matched;

        Pending(String side, JsonNode key, JsonNode value, long arrived, String id) {
            this.side = side;
            this.keyText = key.toString();
            this.key = key;
            this.value = value;
            this.arrived = arrived;
            this.id = id;
        }
    }

    @Override
    public void start(ComponentContext context) throws Exception {
        this.context = context;
        this.key = JqExpression.compile(config.key());
        this.id = config.id() == null ? null : JqExpression.compile(config.id());
        this.out = context.output();
        this.unmatched = context.output("unmatched");
        if (config.time() == WindowConfig.Time.EVENT) {
            this.timestamp = JqExpression.compile(config.timestamp());
        }
        long tick = Math.max(10, Math.min(1000, window / 4));
        if (config.state() != null) {
            checkpoints = new JoinCheckpoints(config.state(), context);
            restore(checkpoints.restore());
            tick = Math.min(tick, config.state().interval().toMillis());
        } else if (timestamp != null) {
            return; // event time moves with the records alone
        }
        context.schedule(Duration.ofMillis(tick), this::onTick);
    }

    private void onTick() {
        if (timestamp == null) {
            expire(context.clock().millis() - window);
        }
        if (checkpoints != null) {
            checkpoints.maybeWrite(false, this::state);
        }
    }

    @Override
    public void onRecord(String input, Record record) {
        JsonNode k;
        long time;
        String recordId;
        try {
            k = key.first(record);
            time = timestamp == null ? context.clock().millis() : WindowInput.time(timestamp.first(record));
            JsonNode i = id == null ? null : id.first(record);
            // per side: the two inputs are often two streams, whose message ids can be equal
            recordId = i == null || i.isNull() ? null : input + ":" + (i.isTextual() ? i.textValue() : i.toString());
        } catch (WindowInput.Unreadable e) {
            context.reportError(record, e.kind, e.getCause());
            return;
        } catch (JsonQueryException | RuntimeException e) {
            context.reportError(record, "jq_error", e);
            return;
        }
        if (timestamp == null) {
            expire(time - window);
        }
        Acknowledgement ack = context.hold();
        if (recordId != null && (buffered.containsKey(recordId) || retired.containsKey(recordId))) {
            redelivered(recordId, ack);
            return;
        }
        Pending p = new Pending(input, k == null ? NullNode.instance : k, record.value(), time, recordId);
        if (checkpoints != null) {
            checkpoints.holdUntilNext(ack); // the next checkpoint holds the record, or the pairs it made
        } else {
            p.ack = ack;
        }
        add(p);
        if (timestamp != null) {
            watermark.observe(time);
            expire(watermark.value() - window);
        }
    }

    /** A record whose id was buffered already: handled when the original is (or once a checkpoint holds that). */
    private void redelivered(String recordId, Acknowledgement ack) {
        if (checkpoints != null) {
            checkpoints.holdUntilNext(ack);
            return;
        }
        Pending original = buffered.get(recordId);
        if (original == null) {
            ack.release(); // the original left the buffer: what it became is on its way
            return;
        }
        if (original.again == null) {
            original.again = new ArrayList<>(1);
        }
        original.again.add(ack);
    }

    /** Pairs {@code p} with the buffered records of the other side, then buffers it. */
    private void add(Pending p) {
        p.order = order++;
        boolean isLeft = "left".equals(p.side);
        Deque<Pending> others = (isLeft ? right : left).get(p.keyText);
        if (others != null) {
            for (Pending o : others) {
                if (Math.abs(o.arrived - p.arrived) >= window) {
                    continue; // event time: buffered, but too far from this one
                }
                o.matched = true;
                p.matched = true;
                emitPair(p.key, isLeft ? p : o, isLeft ? o : p);
            }
        }
        (isLeft ? left : right).computeIfAbsent(p.keyText, x -> new ArrayDeque<>()).addLast(p);
        arrivals.add(p);
        if (p.id != null) {
            buffered.put(p.id, p);
        }
        if (checkpoints != null) {
            checkpoints.changed();
        }
    }

    /** A pair derives from both records: neither source message is handled before the pair is. */
    private void emitPair(JsonNode k, Pending l, Pending r) {
        ObjectNode pair = JsonNodeFactory.instance.objectNode();
        pair.set("key", k);
        pair.set("left", l.value);
        pair.set("right", r.value);
        if (checkpoints != null) {
            checkpoints.emit("output", pair);
            return;
        }
        if (!l.ack.isTracked() && !r.ack.isTracked()) {
            out.emit(pair);
            return;
        }
        l.ack.hold();
        r.ack.hold();
        out.emit(pair, () -> {
            l.ack.release();
            r.ack.release();
        }, reason -> {
            l.ack.fail(reason);
            r.ack.fail(reason);
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
            if (p.id != null) {
                buffered.remove(p.id);
                retired.put(p.id, p.arrived + window); // a redelivery could still pair with what is buffered until then
            }
            leave(p);
        }
        for (Iterator<Long> i = retired.values().iterator(); i.hasNext() && i.next() < cutoff; ) {
            i.remove();
        }
    }

    private void leave(Pending p) {
        ObjectNode o = null;
        if (!p.matched) {
            o = JsonNodeFactory.instance.objectNode();
            o.put("side", p.side);
            o.set("record", p.value);
        }
        if (checkpoints != null) {
            checkpoints.changed();
            if (o != null) {
                checkpoints.emit("unmatched", o);
            }
            return;
        }
        if (o != null) {
            unmatched.emit(o, p.ack); // what the record became: handled when this is
        }
        p.ack.release(); // out of the window
        if (p.again != null) {
            p.again.forEach(Acknowledgement::release);
        }
    }

    /**
     * The inputs ended: without a state store every buffered record leaves (to unmatched if it never paired); with one,
     * only those the clock has moved past, the rest are kept for the next run.
     */
    @Override
    public void onInputsEnded() {
        if (checkpoints == null) {
            expire(Long.MAX_VALUE);
        } else if (timestamp == null) {
            expire(context.clock().millis() - window);
        } else {
            watermark.advanceTo(context.clock().millis());
            expire(watermark.value() - window);
        }
    }

    @Override
    public void close() throws Exception {
        if (checkpoints != null) {
            checkpoints.close(this::state);
        }
    }

    private ObjectNode state() {
        ObjectNode o = context.json().createObjectNode();
        o.put("watermark", watermark.value()).put("latest", watermark.latest());
        ArrayNode buffer = o.putArray("buffer");
        for (Pending p : arrivals) {
            ObjectNode b = buffer.addObject().put("side", p.side).put("t", p.arrived).put("o", p.order).put("m", p.matched);
            b.set("key", p.key);
            b.set("value", p.value);
            if (p.id != null) {
                b.put("id", p.id);
            }
        }
        ObjectNode ids = o.putObject("retired");
        retired.forEach(ids::put);
        return o;
    }

    private void restore(JsonNode state) {
        if (state == null) {
            return;
        }
        watermark.restore(state.path("latest").asLong(Long.MIN_VALUE), state.path("watermark").asLong(Long.MIN_VALUE));
        List<JsonNode> buffer = new ArrayList<>();
        state.path("buffer").forEach(buffer::add);
        buffer.sort(Comparator.comparingLong(b -> b.path("o").asLong()));
        for (JsonNode b : buffer) {
            Pending p = new Pending(b.path("side").asText(), b.get("key"), b.get("value"), b.path("t").asLong(),
                    b.hasNonNull("id") ? b.get("id").asText() : null);
            p.order = order++;
            p.matched = b.path("m").asBoolean();
            (("left".equals(p.side)) ? left : right).computeIfAbsent(p.keyText, x -> new ArrayDeque<>()).addLast(p);
            arrivals.add(p);
            if (p.id != null) {
                buffered.put(p.id, p);
            }
        }
        state.path("retired").fields().forEachRemaining(e -> retired.put(e.getKey(), e.getValue().asLong()));
    }
}
