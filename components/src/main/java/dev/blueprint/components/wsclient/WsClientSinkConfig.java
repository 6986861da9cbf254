package dev.blueprint.components.wsclient;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import dev.blueprint.api.Secret;
import dev.blueprint.components.broker.Backoff;
import dev.blueprint.components.broker.BrokerUrl;
import dev.blueprint.components.broker.Retries;
import java.time.Duration;
import java.util.Map;

/**
 * Config of the {@code websocket} sink (a client).
 *
 * @param url the server
 * @param headers HTTP headers of the handshake
 * @param token a bearer token
 * @param payloadField send only this field of each record
 * @param connectTimeout time allowed for one connection attempt
 * @param maxBackoff the old name of backoff.max
 * @param backoff pauses between connection attempts
 */
public record WsClientSinkConfig(
        @Doc(value = "The server, ws:// or wss://.", example = "ws://127.0.0.1:8080/ws") String url,
        @Doc("HTTP headers of the opening handshake.") Map<String, String> headers,
        @Doc("Sent as an Authorization: Bearer header with this token; none when absent.") @Secret String token,
        @Doc("Send only this field of each record; the whole record when absent.") String payloadField,
        @Doc("Time allowed for one connection attempt; the next one follows after the back-off.") Duration connectTimeout,
        @Doc("Kept for one release: the same as backoff.max.") Duration maxBackoff,
        @Doc(Retries.CONNECT_BACKOFF_DOC) Backoff backoff) {

    public WsClientSinkConfig {
        if (url == null) {
            throw new ConfigException("url", "is required: the server, e.g. ws://127.0.0.1:8080/ws");
        }
        BrokerUrl.parse("url", url, WsClient.SCHEMES, 80);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        payloadField = payloadField == null || payloadField.isBlank() ? null : payloadField;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        if (maxBackoff != null && backoff != null) {
            throw new ConfigException("max_backoff", "is the old name of backoff.max; give backoff alone");
        }
        // pauses drawn between half and all of each, as before backoff was a key
        backoff = backoff != null ? backoff : new Backoff(null, maxBackoff, null, 0.5);
        maxBackoff = backoff.max();
    }
}
