package dev.blueprint.components.redis;

import dev.blueprint.api.ConfigException;
import io.lettuce.core.RedisURI;

/** Checks and prints Redis URLs ({@code redis://[user:password@]host[:port][/db]}, {@code rediss://} for TLS). */
public final class RedisUrl {
    /** Where the seeds run Redis, and the default of every {@code url}/{@code redis_url} key. */
    public static final String DEFAULT = "redis://127.0.0.1:6379";

    private RedisUrl() {
    }

    /**
     * Throws a {@link ConfigException} about {@code key} unless {@code url} is a Redis URL. Does no I/O.
     *
     * @return the URL
     */
    public static String check(String key, String url) {
        if (url == null || url.isBlank()) {
            throw new ConfigException(key, "must be a Redis URL such as redis://127.0.0.1:6379, was empty");
        }
        String scheme = url.contains("://") ? url.substring(0, url.indexOf("://")) : "";
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new ConfigException(key, "must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379, was '" + redacted(url) + "'");
        }
        try {
            RedisURI uri = RedisURI.create(url);
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                throw new IllegalArgumentException("no host");
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, "is not a valid Redis URL (redis://[user:password@]host[:port][/db]): '"
                    + redacted(url) + "': " + e.getMessage());
        }
        return url;
    }

    /** The URL with any password replaced by {@code ***}, for logs and probes. */
    public static String redacted(String url) {
        return dev.blueprint.api.Redaction.cleanUrl(url);
    }
}
