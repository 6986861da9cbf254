package dev.blueprint.components.streamprocessor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tdunning.math.stats.MergingDigest;
import com.tdunning.math.stats.TDigest;
import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * The running figures of one window: count, and of the aggregated numbers their sum, min, max, first and last
 * (by time, so they do not depend on arrival order) and a t-digest for percentiles. Whole numbers are summed exactly
 * in a long; others with Neumaier's compensation, so that the order of additions hardly shows.
 */
final class Aggregate {
    /** t-digest's usual compression: about 1% relative error at the 99th percentile. */
    private static final double COMPRESSION = 100;
    private long count;
    private long numbers;
    private long longSum;
    private double sum;
    private double compensation;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private long firstTime = Long.MAX_VALUE;
    private double first;
    private long lastTime = Long.MIN_VALUE;
    private double last;
    private TDigest digest;

    /** An empty aggregate; keeps a digest when {@code percentiles} are wanted. */
    Aggregate(boolean percentiles) {
        this.digest = percentiles ? new MergingDigest(COMPRESSION) : null;
    }

    /** Counts a record at {@code time} (epoch ms), with its number {@code value} when a field is aggregated. */
    void add(long time, Double value) {
        count++;
        if (value == null) {
            return;
        }
        double v = value;
        numbers++;
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            longSum += (long) v; // exact, whatever the order
        } else {
            addDouble(v);
        }
        min = Math.min(min, v);
        max = Math.max(max, v);
        if (time < firstTime) {
            firstTime = time;
            first = v;
        }
        if (time >= lastTime) {
            lastTime = time;
            last = v;
        }
        if (digest != null) {
            digest.add(v);
        }
    }

    private void addDouble(double v) {
        double t = sum + v;
        compensation += Math.abs(sum) >= Math.abs(v) ? (sum - t) + v : (v - t) + sum;
        sum = t;
    }

    /** Adds everything {@code other} counted (two sessions that met). */
    void merge(Aggregate other) {
        count += other.count;
        numbers += other.numbers;
        longSum += other.longSum;
        addDouble(other.sum);
        compensation += other.compensation;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        if (other.firstTime < firstTime) {
            firstTime = other.firstTime;
            first = other.first;
        }
        if (other.lastTime >= lastTime && other.numbers > 0) {
            lastTime = other.lastTime;
            last = other.last;
        }
        if (digest != null && other.digest != null) {
            digest.add(other.digest);
        }
    }

    long count() {
        return count;
    }

    double total() {
        return longSum + sum + compensation;
    }

    /** Writes the figures into {@code o}: count, and with a field sum, avg, min, max, first, last and p50.. as asked. */
    void writeTo(ObjectNode o, boolean withField, java.util.List<Double> percentiles, Numbers numbersOut) {
        o.put("count", count);
        if (!withField) {
            return;
        }
        if (numbers == 0) {
            o.putNull("sum").putNull("avg").putNull("min").putNull("max").putNull("first").putNull("last");
            percentiles.forEach(p -> o.putNull(Numbers.percentileName(p)));
            return;
        }
        o.set("sum", numbersOut.of(total()));
        o.set("avg", numbersOut.of(total() / numbers));
        o.set("min", numbersOut.of(min));
        o.set("max", numbersOut.of(max));
        o.set("first", numbersOut.of(first));
        o.set("last", numbersOut.of(last));
        for (Double p : percentiles) {
            o.set(Numbers.percentileName(p), numbersOut.of(digest.quantile(p / 100)));
        }
    }

    /** The figures as JSON, for a checkpoint. */
    ObjectNode toState(ObjectNode o) {
        o.put("n", count).put("k", numbers).put("ls", longSum).put("s", sum).put("c", compensation);
        if (numbers > 0) {
            o.put("min", min).put("max", max).put("ft", firstTime).put("f", first).put("lt", lastTime).put("l", last);
        }
        if (digest != null && numbers > 0) {
            ByteBuffer b = ByteBuffer.allocate(digest.smallByteSize());
            digest.asSmallBytes(b);
            o.put("d", Base64.getEncoder().encodeToString(b.array()));
        }
        return o;
    }

    /** An aggregate restored from {@link #toState}. */
    static Aggregate fromState(JsonNode o, boolean percentiles) {
        Aggregate a = new Aggregate(percentiles);
        a.count = o.path("n").asLong();
        a.numbers = o.path("k").asLong();
        a.longSum = o.path("ls").asLong();
        a.sum = o.path("s").asDouble();
        a.compensation = o.path("c").asDouble();
        if (a.numbers > 0) {
            a.min = o.path("min").asDouble();
            a.max = o.path("max").asDouble();
            a.firstTime = o.path("ft").asLong();
            a.first = o.path("f").asDouble();
            a.lastTime = o.path("lt").asLong();
            a.last = o.path("l").asDouble();
        }
        if (percentiles && o.hasNonNull("d")) {
            a.digest = MergingDigest.fromBytes(ByteBuffer.wrap(Base64.getDecoder().decode(o.get("d").asText())));
        }
        return a;
    }
}
