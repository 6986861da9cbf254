package dev.blueprint.components.http;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import dev.blueprint.components.broker.Backoff;
import java.net.URI;
import java.time.Duration;

/**
 * Config of the {@code http} sink.
 *
 * @param url where records are POSTed
 * @param batchSize records per POST
 * @param retries retries after a failed POST
 * @param backoff pauses between retries
 * @param timeout time allowed for one POST
 */
public record HttpSinkConfig(
        @Doc(value = "The URL records are POSTed to as JSON.", example = "http://localhost:9000/ingest") String url,
        @Doc("Records per POST; 1 posts each record as it is, more posts JSON arrays (a partial batch is sent after 1s).") Integer batchSize,
        @Doc("Retries after a failed POST (connection error, 5xx or 429).") Integer retries,
        @Doc("Pauses between retries: {initial, max, multiplier, jitter}, or one duration (the first pause, doubled for each "
                + "further one up to 5s).") Backoff backoff,
        @Doc("Time allowed for one POST, connecting included.") Duration timeout) {

    public HttpSinkConfig {
        batchSize = batchSize == null ? 1 : batchSize;
        retries = retries == null ? 3 : retries;
        backoff = backoff == null ? new Backoff(Duration.ofMillis(200), null, null, null) : backoff;
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
