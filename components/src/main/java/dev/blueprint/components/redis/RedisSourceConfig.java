package dev.blueprint.components.redis;

import dev.blueprint.components.payload.PayloadFormat;
import dev.blueprint.components.broker.ChannelTemplate;
import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import dev.blueprint.components.broker.Backoff;
import dev.blueprint.components.broker.Retries;
import java.time.Duration;
import java.util.List;

/**
 * Config of the {@code redis} source: pub/sub (channels, patterns) or a stream read by a consumer group
 * (stream, group, consumer), chosen by {@code mode}; the keys of the other mode are refused.
 *
 * @param url the server
 * @param mode pubsub or stream
 * @param channels pubsub: channels to SUBSCRIBE to
 * @param patterns pubsub: channel templates to PSUBSCRIBE to, capturing {name} parts into fields
 * @param stream stream: the stream to read
 * @param group stream: the consumer group
 * @param consumer stream: this reader's name in the group
 * @param count records before the source finishes
 * @param payload how the message's bytes become data
 * @param parseJson whether a message that is one JSON document becomes that JSON (else its text)
 * @param minIdle stream: how long an entry stays pending before it is claimed and delivered again
 * @param backoff pauses between connection attempts
 */
public record RedisSourceConfig(
        @Doc("The server, redis://[user:password@]host[:port][/db] or rediss://.") String url,
        @Doc("pubsub (SUBSCRIBE/PSUBSCRIBE) or stream (XREADGROUP with a consumer group, acknowledged once handed on).") Mode mode,
        @Doc(value = "mode pubsub: channels to subscribe to (this or patterns is required).", example = "[\"alerts\"]") List<String> channels,
        @Doc("mode pubsub: channel patterns; {name} matches any text and puts it in the record's field name, "
                + "e.g. session:{session_id}:down; * and ? are globs.") List<String> patterns,
        @Doc("mode stream: the stream key to read (required with mode: stream).") String stream,
        @Doc("mode stream: the consumer group, created at the stream's start when missing; absent: the system's name.") String group,
        @Doc("mode stream: this reader's name in the group; give each instance its own; absent: the component's name.") String consumer,
        @Doc("Number of records, then the source finishes; unbounded when absent.") Long count,
        @Doc("Deprecated: use payload (parse_json: false is payload: text).") Boolean parseJson,
        @Doc(PayloadFormat.DOC) PayloadFormat payload,
        @Doc("mode stream: an entry pending this long (its record failed downstream, or the consumer that read it died) is "
                + "claimed with XAUTOCLAIM and delivered again; absent: 30s.") Duration minIdle,
        @Doc(Retries.CONNECT_BACKOFF_DOC) Backoff backoff) {

    /** How the redis source reads. */
    public enum Mode {
        /** SUBSCRIBE and PSUBSCRIBE: what is published while the source is connected. */
        PUBSUB,
        /** XREADGROUP: every entry of a stream, once per consumer group, resumed after a restart. */
        STREAM
    }

    public RedisSourceConfig {
        url = RedisUrl.check("url", url == null ? RedisUrl.DEFAULT : url);
        mode = mode == null ? Mode.PUBSUB : mode;
        channels = channels == null ? null : List.copyOf(channels);
        patterns = patterns == null ? null : List.copyOf(patterns);
        payload = PayloadFormat.of(payload, parseJson);
        backoff = backoff == null ? Backoff.DEFAULT : backoff;
        if (minIdle != null && mode == Mode.PUBSUB) {
            throw new ConfigException("min_idle", "is only used with mode: stream (this source has mode: pubsub)");
        }
        minIdle = minIdle == null && mode == Mode.STREAM ? Duration.ofSeconds(30) : minIdle;
        if (minIdle != null && (minIdle.isNegative() || minIdle.isZero())) {
            throw new ConfigException("min_idle", "must be positive, was " + minIdle);
        }
        if (count != null && count < 0) {
            throw new ConfigException("count", "must not be negative, was " + count);
        }
        if (mode == Mode.PUBSUB) {
            checkPubSub(channels, patterns, stream, group, consumer);
        } else {
            if (stream == null || stream.isBlank()) {
                throw new ConfigException("stream", "is required for mode: stream (the stream key to read)");
            }
            if (channels != null || patterns != null) {
                throw new ConfigException(channels != null ? "channels" : "patterns", "is only used with mode: pubsub (this source has mode: stream)");
            }
        }
    }

    private static void checkPubSub(List<String> channels, List<String> patterns, String stream, String group, String consumer) {
        if ((channels == null || channels.isEmpty()) && (patterns == null || patterns.isEmpty())) {
            throw new ConfigException("channels", "or patterns is required for variant: redis (mode: pubsub), "
                    + "e.g. channels: [alerts] or patterns: [\"session:{session_id}:down\"]");
        }
        String streamKey = stream != null ? "stream" : group != null ? "group" : consumer != null ? "consumer" : null;
        if (streamKey != null) {
            throw new ConfigException(streamKey, "is only used with mode: stream (this source has mode: pubsub)");
        }
        if (channels != null) {
            for (String c : channels) {
                if (c == null || c.isBlank() || c.contains("{") || c.contains("*")) {
                    throw new ConfigException("channels", "are exact channel names, was '" + c
                            + "'; put templates such as session:{session_id}:down and globs in patterns");
                }
            }
        }
        if (patterns != null) {
            patterns.forEach(p -> ChannelTemplate.parseSubscription("patterns", p));
        }
    }
}
