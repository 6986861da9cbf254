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
 * Config of the {@code websocket} source (a client).
 *
 * @param url the server
 * @param subscribe text sent after each (re)connect
 * @param headers HTTP headers of the handshake
 * @param token a bearer token
 * @param parseJson whether a message that is one JSON document becomes that JSON
 * @param count records before the source finishes
 * @param connectTimeout time allowed for one connection attempt
 * @param maxBackoff the old name of backoff.max
 * @param backoff pauses between connection attempts
 */
public record WsClientSourceConfig(
        @Doc(value = "The server, ws:// or wss://.", example = "ws://127.0.0.1:8080/ws") String url,
        @Doc("A text message sent after each connect and reconnect (a subscription request); none when absent.") String subscribe,
        @Doc("HTTP headers of the opening handshake.") Map<String, String> headers,
        @Doc("Sent as an Authorization: Bearer header with this token; none when absent.") @Secret String token,
        @Doc("Whether a message that is one whole JSON document becomes that JSON (true) or stays text (false).") Boolean parseJson,
        @Doc("Number of records, then the source finishes; unbounded when absent.") Long count,
        @Doc("Time allowed for one connection attempt; the next one follows after the back-off.") Duration connectTimeout,
        @Doc("Kept for one release: the same as backoff.max.") Duration maxBackoff,
        @Doc(Retries.CONNECT_BACKOFF_DOC) Backoff backoff) {

    public WsClientSourceConfig {
        if (url == null) {
            throw new ConfigException("url", "is required: the server, e.g. ws://127.0.0.1:8080/ws");
        }
        BrokerUrl.parse("url", url, WsClient.SCHEMES, 80);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        parseJson = parseJson == null || parseJson;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        if (maxBackoff != null && backoff != null) {
            throw new ConfigException("max_backoff", "is the old name of backoff.max; give backoff alone");
        }
        // pauses drawn between half and all of each, as before backoff was a key
        backoff = backoff != null ? backoff : new Backoff(null, maxBackoff, null, 0.5);
        maxBackoff = backoff.max();
        if (count != null && count < 0) {
            throw new ConfigException("count", "must not be negative, was " + count);
        }
    }
}
