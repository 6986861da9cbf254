package dev.blueprint.components.sink;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.DataSize;
import dev.blueprint.api.Doc;
import dev.blueprint.components.redis.ChannelTemplate;
import dev.blueprint.components.redis.RedisUrl;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Config of the {@code Sink} type. Keys a variant does not use stay null (and draw a warning when set);
 * the chosen variant's keys get their defaults here.
 *
 * @param variant where records go
 * @param level log: write to the application log at this level instead of stdout
 * @param path the file of the file variant
 * @param append whether the file variant appends to an existing file
 * @param rotateBytes file: size at which the file is rotated
 * @param url http: where records are POSTed
 * @param batchSize http: records per POST
 * @param retries http: retries after a failed POST
 * @param backoff http: first pause before a retry, doubled each time
 * @param timeout http: time allowed for one POST
 * @param channel redis: the channel template to PUBLISH to
 * @param stream redis: the stream key template to XADD to
 * @param maxlen redis: the stream's length cap (exact MAXLEN trimming)
 * @param payloadField redis: publish only this field of each record
 */
public record SinkConfig(
        @Doc("Where records go: log (JSON lines on stdout, the default), file (JSON lines to path), http (POST to url), redis (PUBLISH or XADD), discard (count only).") Variant variant,
        @Doc("log: write each record to the application log (stderr) at this level instead of stdout: trace, debug, info, warn, error. "
                + "Absent: JSON lines on stdout.") org.slf4j.event.Level level,
        @Doc("file: the file to write JSON lines to (created with its directories; required).") String path,
        @Doc("file: append to an existing file (true, the default) or truncate it at start (false).") Boolean append,
        @Doc("file: once the file reaches this size it is renamed to path.1, path.2, ... and a new one started; no rotation when absent.") DataSize rotateBytes,
        @Doc("http: the URL records are POSTed to as JSON (required); redis: the server, redis://[user:password@]host[:port][/db] "
                + "or rediss:// (default redis://127.0.0.1:6379).") String url,
        @Doc("http: records per POST; 1 (the default) posts each record as it is, more posts JSON arrays (a partial batch is sent after 1s).") Integer batchSize,
        @Doc("http: retries after a failed POST (connection error, 5xx or 429; default 3).") Integer retries,
        @Doc("http: pause before the first retry, doubled for each further one (default 200ms).") Duration backoff,
        @Doc("http: time allowed for one POST, connecting included (default 5s).") Duration timeout,
        @Doc("redis: PUBLISH each record to this channel; {name} is filled with the record's field name, e.g. session:{session_id}:up.") String channel,
        @Doc("redis: XADD each record to this stream (as its field data); {name} placeholders as for channel.") String stream,
        @Doc("redis, with stream: keep at most this many entries (XADD MAXLEN, exact); unbounded when absent.") Long maxlen,
        @Doc("redis: send only this field of each record (e.g. data, for what WebSocket clients sent); the whole record when absent.") String payloadField) {

    /** The sink variants; each lists the keys it uses. */
    public enum Variant {
        /** JSON lines on standard output. */
        LOG(Set.of("level")),
        /** JSON lines written to a file. */
        FILE(Set.of("path", "append", "rotate_bytes")),
        /** POSTs to an HTTP endpoint. */
        HTTP(Set.of("url", "batch_size", "retries", "backoff", "timeout")),
        /** PUBLISH to a Redis channel or XADD to a Redis Stream. */
        REDIS(Set.of("url", "channel", "stream", "maxlen", "payload_field")),
        /** Counts only. */
        DISCARD(Set.of());

        final Set<String> keys;

        Variant(Set<String> keys) {
            this.keys = keys;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SinkConfig {
        variant = variant == null ? Variant.LOG : variant;
        switch (variant) {
            case FILE -> {
                append = append == null ? Boolean.TRUE : append;
                if (path == null || path.isBlank()) {
                    throw new ConfigException("path", "is required for variant: file (the file to write JSON lines to)");
                }
                if (rotateBytes != null && rotateBytes.bytes() == 0) {
                    throw new ConfigException("rotate_bytes", "must be positive; leave it out for no rotation");
                }
            }
            case HTTP -> {
                batchSize = batchSize == null ? 1 : batchSize;
                retries = retries == null ? 3 : retries;
                backoff = backoff == null ? Duration.ofMillis(200) : backoff;
                timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
                if (url == null || url.isBlank()) {
                    throw new ConfigException("url", "is required for variant: http (e.g. http://localhost:9000/ingest)");
                }
                checkUrl(url);
                if (batchSize < 1) {
                    throw new ConfigException("batch_size", "must be at least 1, was " + batchSize);
                }
                if (retries < 0) {
                    throw new ConfigException("retries", "must not be negative, was " + retries);
                }
                if (timeout.isZero() || timeout.isNegative()) {
                    throw new ConfigException("timeout", "must be positive, was " + timeout);
                }
            }
            case REDIS -> {
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
            }
            case LOG, DISCARD -> {
            }
        }
    }

    private static void checkUrl(String url) {
        try {
            URI uri = URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new ConfigException("url", "must be an http:// or https:// URL, was '" + url + "'");
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException("url", "is not a valid URL: " + e.getMessage());
        }
    }
}
