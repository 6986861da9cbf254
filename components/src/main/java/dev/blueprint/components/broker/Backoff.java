package dev.blueprint.components.broker;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The pauses between attempts, the one back-off of every connector: reconnecting at start and after an outage,
 * and sending a failed record again. The n-th pause is {@code initial * multiplier^n}, at most {@code max},
 * spread by {@code jitter} (0.2: anywhere from 80 % to 100 % of it) so that many clients do not retry in step.
 * Written as a mapping, or as one duration, which is {@code initial}.
 *
 * @param initial the first pause
 * @param max the longest pause
 * @param multiplier the growth from one pause to the next
 * @param jitter the share of each pause drawn at random, 0..1
 */
@JsonDeserialize(using = Backoff.Reader.class)
public record Backoff(
        @Doc("The first pause.") Duration initial,
        @Doc("The longest pause.") Duration max,
        @Doc("Each pause is the previous one times this (1: constant pauses).") Double multiplier,
        @Doc("The share of each pause taken off at random, 0..1 (0.2: 80 % to 100 % of it), so that clients do not retry in step.")
        Double jitter) {

    /** The defaults: 100 ms doubling up to 5 s, with 20 % jitter. */
    public static final Backoff DEFAULT = new Backoff(null, null, null, null);

    public Backoff {
        initial = initial == null ? Duration.ofMillis(100) : initial;
        max = max == null ? Duration.ofSeconds(5).compareTo(initial) < 0 ? initial : Duration.ofSeconds(5) : max;
        multiplier = multiplier == null ? 2.0 : multiplier;
        jitter = jitter == null ? 0.2 : jitter;
        if (initial.isNegative() || initial.isZero()) {
            throw new ConfigException("backoff.initial", "must be positive, was " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new ConfigException("backoff.max", "must be at least backoff.initial (" + initial + "), was "
                    + max);
        }
        if (multiplier < 1 || multiplier.isNaN() || multiplier.isInfinite()) {
            throw new ConfigException("backoff.multiplier", "must be at least 1, was " + multiplier);
        }
        if (jitter < 0 || jitter > 1 || jitter.isNaN()) {
            throw new ConfigException("backoff.jitter", "must be 0..1, was " + jitter);
        }
    }

    /** The keys of the mapping form. */
    record Keys(Duration initial, Duration max, Double multiplier, Double jitter) {
    }

    /** Reads the mapping, or one duration ({@code backoff: 200ms}): the first pause, the rest as by default. */
    static final class Reader extends StdDeserializer<Backoff> {
        Reader() {
            super(Backoff.class);
        }

        @Override
        public Backoff deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.START_OBJECT) {
                Keys k = ctxt.readValue(p, Keys.class);
                return new Backoff(k.initial(), k.max(), k.multiplier(), k.jitter());
            }
            return new Backoff(ctxt.readValue(p, Duration.class), null, null, null);
        }
    }

    /** The pause before attempt {@code retry} + 1 (0: the first retry). */
    public Duration delay(int retry) {
        double nanos = Math.min(max.toNanos(), initial.toNanos() * Math.pow(multiplier, Math.min(retry, 64)));
        double spread = nanos * jitter * ThreadLocalRandom.current().nextDouble();
        return Duration.ofNanos((long) (nanos - spread));
    }
}
