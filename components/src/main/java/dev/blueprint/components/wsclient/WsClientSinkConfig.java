package dev.blueprint.components.wsclient;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import dev.blueprint.api.Secret;
import dev.blueprint.components.broker.BrokerUrl;
import java.time.Duration;
import java.util.Map;

/**
 * Config of the {@code websocket} sink (a client).
 *
 * @param url the server
 * @param headers HTTP headers of the handshake
 * @param token a bearer token
 * @param payloadField send only this field of each record
 * @param connectTimeout time allowed to connect at start
 * @param maxBackoff longest pause between reconnect attempts
 */
public record WsClientSinkConfig(
        @Doc(value = "The server, ws:// or wss://.", example = "ws://127.0.0.1:8080/ws") String url,
        @Doc("HTTP headers of the opening handshake.") Map<String, String> headers,
        @Doc("Sent as an Authorization: Bearer header with this token; none when absent.") @Secret String token,
        @Doc("Send only this field of each record; the whole record when absent.") String payloadField,
        @Doc("Time allowed to connect at start; past it the run fails to start.") Duration connectTimeout,
        @Doc("Longest pause between reconnect attempts; pauses start at 100 ms, double, and are jittered.") Duration maxBackoff) {

    public WsClientSinkConfig {
        if (url == null) {
            throw new ConfigException("url", "is required: the server, e.g. ws://127.0.0.1:8080/ws");
        }
        BrokerUrl.parse("url", url, WsClient.SCHEMES, 80);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        payloadField = payloadField == null || payloadField.isBlank() ? null : payloadField;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(5) : maxBackoff;
    }
}
