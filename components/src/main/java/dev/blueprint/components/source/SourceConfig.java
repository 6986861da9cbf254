package dev.blueprint.components.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.api.ConfigException;
import dev.blueprint.api.DataSize;
import dev.blueprint.api.Doc;
import dev.blueprint.components.redis.ChannelTemplate;
import dev.blueprint.components.redis.RedisUrl;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Config of the {@code Source} type. Keys a variant does not use stay null (and draw a warning when
 * set); the chosen variant's keys get their defaults here.
 *
 * @param variant which source
 * @param interval pause between records of the generator and system_metrics
 * @param rate records per second of the generator; 0 means as fast as possible; overrides interval
 * @param count how many records the generator or system_metrics emits before finishing
 * @param template the JSON value the generator emits
 * @param path file: the file to read; http: the URL path to serve
 * @param format file and stdin: jsonl or lines
 * @param follow file: keep reading as the file grows, across rotation and truncation
 * @param host http: the address to bind
 * @param port http: the port to bind; 0 picks a free one
 * @param maxBodyBytes http: the largest accepted request body
 * @param url redis: the server
 * @param channels redis pubsub: channels to SUBSCRIBE to
 * @param patterns redis pubsub: channel templates to PSUBSCRIBE to, capturing {name} parts into fields
 * @param mode redis: pubsub or stream
 * @param stream redis stream: the stream to read
 * @param group redis stream: the consumer group
 * @param consumer redis stream: this reader's name in the group
 * @param parseJson redis: whether a message that is one JSON document becomes that JSON (else its text)
 */
public record SourceConfig(
        @Doc("Which source: generator (the default), file, stdin, http, system_metrics or redis.") Variant variant,
        @Doc("generator, system_metrics: pause between records (30, 250ms, 2s; default 1s).") Duration interval,
        @Doc("generator: records per second; 0 = as fast as possible. Overrides interval when set.") Double rate,
        @Doc("generator, system_metrics, redis: number of records, then the source finishes; unbounded when absent.") Long count,
        @Doc("generator: the JSON value to emit; strings may hold {{seq}}, {{now}} and {{random}}.") JsonNode template,
        @Doc("file: the file to read (required); http: the URL path accepting POSTs (default /).") String path,
        @Doc("file, stdin: jsonl (each line is a JSON value, the default) or lines (each line becomes a JSON string).") Format format,
        @Doc("file: keep reading as the file grows, like tail -F, surviving rotation and truncation (default false).") Boolean follow,
        @Doc("http: the address to bind (default 0.0.0.0).") String host,
        @Doc("http: the port to listen on, 0 = any free port (default 8080).") Integer port,
        @Doc("http: the largest request body accepted; larger ones get 413 (default 1MiB).") DataSize maxBodyBytes,
        @Doc("redis: the server, redis://[user:password@]host[:port][/db] or rediss:// (default redis://127.0.0.1:6379).") String url,
        @Doc("redis, mode pubsub: channels to subscribe to, e.g. [alerts, news].") List<String> channels,
        @Doc("redis, mode pubsub: channel patterns; {name} matches any text and puts it in the record's field name, "
                + "e.g. session:{session_id}:down; * and ? are globs.") List<String> patterns,
        @Doc("redis: pubsub (SUBSCRIBE/PSUBSCRIBE, the default) or stream (XREADGROUP with a consumer group, acknowledged "
                + "once handed on).") RedisMode mode,
        @Doc("redis, mode stream: the stream key to read (required).") String stream,
        @Doc("redis, mode stream: the consumer group, created at the stream's start when missing (default: the system's name).") String group,
        @Doc("redis, mode stream: this reader's name in the group; give each instance its own (default: the component's name).") String consumer,
        @Doc("redis: whether a message that is one whole JSON document becomes that JSON in data (true, the default) or data is "
                + "always the exact text published (false: for relays that must pass messages on unchanged).") Boolean parseJson) {

    /** The source variants; each lists the keys it uses. */
    public enum Variant {
        /** Emits a template record on a timer or at a rate. */
        GENERATOR(Set.of("interval", "rate", "count", "template")),
        /** Reads JSON lines or plain lines from a file, optionally following it. */
        FILE(Set.of("path", "format", "follow")),
        /** Reads lines from standard input until EOF. */
        STDIN(Set.of("format")),
        /** Accepts POSTed JSON over HTTP. */
        HTTP(Set.of("host", "port", "path", "max_body_bytes")),
        /** Host and JVM figures on a timer. */
        SYSTEM_METRICS(Set.of("interval", "count")),
        /** Redis pub/sub messages or Redis Stream entries. */
        REDIS(Set.of("url", "channels", "patterns", "mode", "stream", "group", "consumer", "count", "parse_json"));

        final Set<String> keys;

        Variant(Set<String> keys) {
            this.keys = keys;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How the redis variant reads. */
    public enum RedisMode {
        /** SUBSCRIBE and PSUBSCRIBE: what is published while the source is connected. */
        PUBSUB,
        /** XREADGROUP: every entry of a stream, once per consumer group, resumed after a restart. */
        STREAM
    }

    /** How a line of text becomes a record. */
    public enum Format {
        /** Each line is parsed as JSON. */
        JSONL,
        /** Each line becomes a JSON string. */
        LINES
    }

    public SourceConfig {
        variant = variant == null ? Variant.GENERATOR : variant;
        switch (variant) {
            case GENERATOR -> {
                interval = interval == null ? Duration.ofSeconds(1) : interval;
                template = template == null ? Template.SAMPLE : template;
                if (rate != null && (rate < 0 || rate.isNaN() || rate.isInfinite())) {
                    throw new ConfigException("rate", "must be 0 (as fast as possible) or a positive number of records per second, was " + rate);
                }
                if (rate == null && interval.isZero()) {
                    throw new ConfigException("interval", "must be positive; for as fast as possible write rate: 0");
                }
            }
            case FILE -> {
                if (path == null || path.isBlank()) {
                    throw new ConfigException("path", "is required for variant: file (the file to read)");
                }
                format = format == null ? Format.JSONL : format;
                follow = follow == null ? Boolean.FALSE : follow;
            }
            case STDIN -> format = format == null ? Format.JSONL : format;
            case HTTP -> {
                host = host == null ? "0.0.0.0" : host;
                port = port == null ? 8080 : port;
                path = path == null ? "/" : path;
                maxBodyBytes = maxBodyBytes == null ? DataSize.ofMiB(1) : maxBodyBytes;
                if (port < 0 || port > 65535) {
                    throw new ConfigException("port", "must be 0..65535, was " + port);
                }
                if (!path.startsWith("/")) {
                    throw new ConfigException("path", "must start with /, was '" + path + "'");
                }
            }
            case SYSTEM_METRICS -> {
                interval = interval == null ? Duration.ofSeconds(1) : interval;
                if (interval.isZero() || interval.isNegative()) {
                    throw new ConfigException("interval", "must be positive, was " + interval);
                }
            }
            case REDIS -> {
                url = RedisUrl.check("url", url == null ? RedisUrl.DEFAULT : url);
                mode = mode == null ? RedisMode.PUBSUB : mode;
                channels = channels == null ? null : List.copyOf(channels);
                patterns = patterns == null ? null : List.copyOf(patterns);
                checkRedis(mode, channels, patterns, stream, group, consumer);
                parseJson = parseJson == null || parseJson;
            }
        }
        if (count != null && count < 0) {
            throw new ConfigException("count", "must not be negative, was " + count);
        }
    }

    private static void checkRedis(RedisMode mode, List<String> channels, List<String> patterns, String stream, String group,
            String consumer) {
        if (mode == RedisMode.PUBSUB) {
            if ((channels == null || channels.isEmpty()) && (patterns == null || patterns.isEmpty())) {
                throw new ConfigException("channels", "or patterns is required for variant: redis (mode: pubsub), "
                        + "e.g. channels: [alerts] or patterns: [\"session:{session_id}:down\"]");
            }
            for (String key : new String[] {"stream", "group", "consumer"}) {
                String v = key.equals("stream") ? stream : key.equals("group") ? group : consumer;
                if (v != null) {
                    throw new ConfigException(key, "is only used with mode: stream (this source has mode: pubsub)");
                }
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
        } else {
            if (stream == null || stream.isBlank()) {
                throw new ConfigException("stream", "is required for mode: stream (the stream key to read)");
            }
            if (channels != null || patterns != null) {
                throw new ConfigException(channels != null ? "channels" : "patterns", "is only used with mode: pubsub (this source has mode: stream)");
            }
        }
    }

    /** Nanoseconds between generator records; 0 for as fast as possible. */
    long periodNanos() {
        if (rate != null) {
            return rate == 0 ? 0 : (long) (1e9 / rate);
        }
        return interval.toNanos();
    }
}
