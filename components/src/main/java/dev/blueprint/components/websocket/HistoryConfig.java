package dev.blueprint.components.websocket;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import java.time.Duration;

/**
 * The {@code history} block of the WebSocket config: how many of each channel's last records are kept, and for how
 * long, so that a client that reconnects can be sent what it missed.
 *
 * @param size records kept per channel
 * @param ttl how long a record is kept
 */
public record HistoryConfig(
        @Doc("Records kept per channel (default 1000, at most 1,000,000).") Integer size,
        @Doc("How long a record is kept (default 5m).") Duration ttl) {

    public HistoryConfig {
        size = size == null ? 1000 : size;
        if (size < 1 || size > 1_000_000) {
            throw new ConfigException("size", "must be 1..1000000 records per channel, was " + size);
        }
        ttl = ttl == null ? Duration.ofMinutes(5) : ttl;
        if (ttl.isNegative() || ttl.isZero()) {
            throw new ConfigException("ttl", "must be positive, e.g. 5m, was " + ttl);
        }
    }
}
