package dev.blueprint.components.redis;

import dev.blueprint.components.broker.ChannelTemplate;
import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import dev.blueprint.components.broker.Backoff;
import dev.blueprint.components.broker.Retries;

/**
 * Config of the {@code redis} sink: PUBLISH to a channel or XADD to a stream.
 *
 * @param url the server
 * @param channel the channel template to PUBLISH to
 * @param stream the stream key template to XADD to
 * @param maxlen the stream's length cap (exact MAXLEN trimming)
 * @param payloadField publish only this field of each record
 * @param retries sends after a failed one before the record is given up
 * @param backoff pauses between connection attempts and between sends of a failed record
 */
public record RedisSinkConfig(
        @Doc("The server, redis://[user:password@]host[:port][/db] or rediss://.") String url,
        @Doc(value = "PUBLISH each record to this channel (this or stream is required); {name} is filled with the record's field "
                + "name, e.g. session:{session_id}:up.", example = "alerts") String channel,
        @Doc("XADD each record to this stream (as its field data); {name} placeholders as for channel.") String stream,
        @Doc("With stream: keep at most this many entries (XADD MAXLEN, exact); unbounded when absent.") Long maxlen,
        @Doc("Send only this field of each record (e.g. data, for what WebSocket clients sent); the whole record when absent.")
        String payloadField,
        @Doc(Retries.RETRIES_DOC) Integer retries,
        @Doc(Retries.BACKOFF_DOC) Backoff backoff) {

    public RedisSinkConfig {
        url = RedisUrl.check("url", url == null ? RedisUrl.DEFAULT : url);
        if ((channel == null) == (stream == null)) {
            throw new ConfigException(channel == null ? "channel" : "stream", "variant: redis needs exactly one of channel "
                    + "(PUBLISH, e.g. session:{session_id}:up) or stream (XADD)");
        }
        ChannelTemplate.parse(channel != null ? "channel" : "stream", channel != null ? channel : stream);
        if (maxlen != null && channel != null) {
            throw new ConfigException("maxlen", "is only used with stream (XADD), not with channel");
        }
        if (maxlen != null && maxlen < 1) {
            throw new ConfigException("maxlen", "must be at least 1, was " + maxlen);
        }
        if (payloadField != null && payloadField.isBlank()) {
            payloadField = null;
        }
        retries = Retries.check(retries);
        backoff = backoff == null ? Backoff.DEFAULT : backoff;
    }
}
