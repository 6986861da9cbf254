package dev.blueprint.components.websocket;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.DataSize;
import dev.blueprint.api.Doc;
import dev.blueprint.components.websocket.auth.AuthConfig;
import dev.blueprint.components.websocket.http.AdminConfig;
import java.time.Duration;
import java.util.List;

/**
 * Config of the {@code WebSocket} type.
 *
 * @param host the address to listen on
 * @param port the WebSocket port; 0 picks a free one
 * @param path the accepted path or path template; any path when absent
 * @param maxConnections connections allowed at once, those in their handshake included
 * @param heartbeatInterval time between pings; 0 turns the heartbeat off
 * @param heartbeatTimeout time a client has to answer a ping
 * @param maxMessageSize largest message a client may send
 * @param idleTimeout closes clients that send nothing for this long; 0 = off
 * @param maxPendingBytes bytes waiting to be written to one client before it counts as slow
 * @param slowConsumer what happens to a slow client
 * @param compression whether permessage-deflate is offered
 * @param allowedOrigins accepted Origin headers besides the server's own; {@code ["*"]} for any
 * @param auth authentication of clients
 * @param tls PKCS12 keystore for wss; plain ws when absent
 * @param httpPort a second port for the HTTP endpoints (they are always on {@code port} too); 0 = endpoints off, -1 = any free port
 * @param targetField field of an input record that names the target session
 * @param targeting whether records naming a session or connection go only there
 * @param payloadField field of an input record to send instead of the whole record
 * @param admin the admin HTTP API (connection operations); off by default
 * @param maxMessageRate messages per second one client may send (0 = no limit)
 * @param parseJson whether client text that is one JSON document is parsed on messages (else kept as text)
 * @param handshakeTimeout time a connection has to complete its handshake or HTTP request, and to read a response
 * @param maxHeaderSize largest request line, and largest header block, of a handshake or HTTP request
 * @param errorCode jq run on each input record: a string result counts the record as an error of that type
 * @param metricsPort a plain-HTTP port serving only /metrics; none when absent, 0 picks a free one
 * @param targetFrom whether the target fields are read from the payload sent or from the whole input record
 * @param cluster Redis pub/sub shared by every instance running the blueprint; one instance alone when absent
 * @param maxBufferedBodyBytes request-body bytes all HTTP connections together may hold at once
 * @param channelField field of the record sent naming its channel; empty turns channels off
 * @param subscriptions how clients subscribe to channels: at connect only, or by messages too
 * @param history the last records kept per channel for recovery; offsets only when absent
 * @param envelope whether channel records reach clients as {"channel","offset","epoch","data"}
 * @param allowedHosts Host names answered besides localhost, IP literals and {@code host}; {@code ["*"]} for any
 */
public record WebSocketConfig(
        @Doc("Address to listen on (default 0.0.0.0: every interface).") String host,
        @Doc("WebSocket port, 0..65535 (default 8080; 0 picks a free port, printed at start).") Integer port,
        @Doc("Accepted path, e.g. /ws, or a template capturing parameters: /{agent_id}/ws/{session_id}. Any path when absent.") String path,
        @Doc("Connections allowed at once, those still in their handshake included (default 100); the next handshake is refused with HTTP 503.") Integer maxConnections,
        @Doc("Time between pings to each client (default 30s; 0 = no heartbeat).") Duration heartbeatInterval,
        @Doc("Time a client has to answer a ping before it is closed (default = heartbeat_interval).") Duration heartbeatTimeout,
        @Doc("Largest message a client may send, after inflating when compressed (default 1MiB); a larger one closes the connection with 1009.") DataSize maxMessageSize,
        @Doc("Closes a client that sends no message for this long (default 0 = off).") Duration idleTimeout,
        @Doc("Messages per second one client may send, with bursts up to one second's worth (default 0 = no limit). Messages over "
                + "it go to rate_limited when that is bound (to be answered; a client that keeps flooding is closed with 1008), else the client is closed with 1008.") Double maxMessageRate,
        @Doc("Bytes waiting to be written to one client before it counts as a slow consumer (default 4MiB).") DataSize maxPendingBytes,
        @Doc("What happens to a slow consumer: disconnect (close 1008, the default) or drop (skip it for that record).") SlowConsumer slowConsumer,
        @Doc("Offer permessage-deflate compression (default false).") Boolean compression,
        @Doc("Origins whose browser pages may connect, e.g. [\"https://app.example.com\"], besides the server's own (an Origin with the "
                + "Host's name on this component's port or http_port) and clients that send no Origin (not browsers). Default []: only those; "
                + "[\"*\"] accepts any origin (a public feed). Others get HTTP 403.") List<String> allowedOrigins,
        @Doc("Client authentication: {mode: none|tokens|jwt|tenants, tokens: [...], secret: ..., tenants: 'id:key,...'}; token from 'Authorization: Bearer' or ?token=.") AuthConfig auth,
        @Doc("TLS for wss://: {keystore: file.p12, password: ...} (PKCS12). Plain ws:// when absent.") TlsConfig tls,
        @Doc("The HTTP endpoints (/health /ready /metrics, the browser client at /, the admin API) are served on port beside the "
                + "WebSocket path; http_port also serves them, as plain HTTP, on a second port (an ops network); 0 turns them off; -1 picks a free second port. Default: none.") Integer httpPort,
        @Doc("Field of the record sent (the payload) naming the session it is for (default session_id); such a record goes only to that session's clients. A connection_id field targets one connection.") String targetField,
        @Doc("Whether records naming a session or connection go only there (default true); false sends every record to every client.") Boolean targeting,
        @Doc("Send only this field of each input record (e.g. data, to relay what clients sent via messages); the whole record when absent.") String payloadField,
        @Doc("Admin HTTP API beside the other HTTP endpoints, off by default: {enabled: true, token: ${ADMIN_TOKEN}}; requests need 'Authorization: Bearer <token>'.") AdminConfig admin,
        @Doc("Where targeting looks for session_id/connection_id: payload (what is sent, the default) or record (the whole input "
                + "record, e.g. a Redis message's session_id captured from its channel while payload_field: data is sent).") TargetFrom targetFrom,
        @Doc("Several instances as one: {redis_url: ..., channel: ...}. Each instance publishes what it broadcasts to the channel "
                + "and delivers what the others publish to its own clients (session targeting included). Off when absent.") ClusterConfig cluster,
        @Doc("Whether a text message that is one whole JSON document arrives on messages as that JSON (true, the default) or "
                + "always as the exact text the client sent (false: for relays that must pass messages on unchanged).") Boolean parseJson,
        @Doc("Time a new connection has to complete its WebSocket handshake or HTTP request (TLS included), and an HTTP client "
                + "has to read its response (default 10s); a slower one gets HTTP 408 and is closed.") Duration handshakeTimeout,
        @Doc("Largest request line, and largest header block, of a handshake or HTTP request (default 8KiB): a longer line gets "
                + "HTTP 414, larger headers 431.") DataSize maxHeaderSize,
        @Doc("jq expression run on each input record; when it yields a string, the record counts as an error of that type in "
                + "websocket_errors_total{type} (e.g. '.message | select(.type == \"error\") | .code' for answers in the seed "
                + "protocols). Default: none.") String errorCode,
        @Doc("A separate plain-HTTP port serving only /metrics (a metrics server such as seed 002's on 9090); 0 picks a free one. "
                + "Default: none (/metrics is on port anyway).") Integer metricsPort,
        @Doc("Request-body bytes all HTTP connections together may hold at once (default 64MiB); a request admitted beyond it gets "
                + "HTTP 503 with Retry-After. Bodies are read only for requests already authorised on their headers.") DataSize maxBufferedBodyBytes,
        @Doc("Field of the record sent (the payload) naming its channel (default channel): with channels on, such a record goes "
                + "only to that channel's subscribers, with the channel's next offset (a record naming a session or connection goes "
                + "there instead). Channels are on once any channel setting is given (this one, subscriptions, history, envelope, "
                + "or a {channel} path parameter); \"\" keeps them off.") String channelField,
        @Doc("How clients subscribe to channels: connect (the default: a {channel} path parameter or ?channel=, repeatable) "
                + "or messages (also {\"type\":\"subscribe\",\"channel\":\"c\"} and unsubscribe messages, answered with "
                + "{\"type\":\"subscribed\",\"channel\",\"offset\",\"epoch\"}).") Subscriptions subscriptions,
        @Doc("The last records kept per channel, so a client that reconnects with ?since=OFFSET&epoch=E gets what it missed: "
                + "{size: 1000, ttl: 5m}. Off when absent (offsets only: a recovery then succeeds only if nothing was missed).") HistoryConfig history,
        @Doc("Send channel records as {\"channel\",\"offset\",\"epoch\",\"data\"} (true), so clients know where to recover "
                + "from; the record alone when false (the default).") Boolean envelope,
        @Doc("Host names this server answers besides localhost, IP addresses and host (the DNS-rebinding guard), e.g. "
                + "[feed.example.com, .svc.cluster.local] (a leading dot takes the domain and its subdomains); [\"*\"] answers any. "
                + "Others get HTTP 403, the WebSocket upgrade included.") List<String> allowedHosts) {

    /** How clients subscribe to channels. */
    public enum Subscriptions {
        /** At connect: a {@code {channel}} path parameter or {@code ?channel=} query parameters. */
        CONNECT,
        /** At connect, and by subscribe and unsubscribe messages. */
        MESSAGES
    }

    /** What to do with a client whose pending bytes exceed {@code max_pending_bytes}. */
    public enum SlowConsumer {
        /** Close it with 1008. */
        DISCONNECT,
        /** Skip it for the record; it stays connected. */
        DROP
    }

    /** Which JSON value targeting reads. */
    public enum TargetFrom {
        /** What is sent: the whole record, or its {@code payload_field}. */
        PAYLOAD,
        /** The whole input record, whatever is sent. */
        RECORD
    }

    public WebSocketConfig {
        host = host == null || host.isBlank() ? "0.0.0.0" : host;
        port = port == null ? 8080 : port;
        requireRange("port", port, 0, 65535);
        if (path != null && !path.startsWith("/")) {
            throw new ConfigException("path", "must start with '/', e.g. /ws or /{agent_id}/ws/{session_id}, was '" + path + "'");
        }
        if (path != null) {
            PathTemplate.parse(path);
        }
        maxConnections = maxConnections == null ? 100 : maxConnections;
        requireRange("max_connections", maxConnections, 1, 1_000_000);
        heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(30) : heartbeatInterval;
        requireNotNegative("heartbeat_interval", heartbeatInterval);
        heartbeatTimeout = heartbeatTimeout == null ? heartbeatInterval : heartbeatTimeout;
        requireNotNegative("heartbeat_timeout", heartbeatTimeout);
        if (!heartbeatInterval.isZero() && heartbeatTimeout.isZero()) {
            throw new ConfigException("heartbeat_timeout", "must be positive while heartbeat_interval is on");
        }
        maxMessageSize = maxMessageSize == null ? DataSize.ofMiB(1) : maxMessageSize;
        if (maxMessageSize.bytes() < 1 || maxMessageSize.bytes() > Integer.MAX_VALUE) {
            throw new ConfigException("max_message_size", "must be 1..2GiB, was " + maxMessageSize);
        }
        idleTimeout = idleTimeout == null ? Duration.ZERO : idleTimeout;
        requireNotNegative("idle_timeout", idleTimeout);
        maxMessageRate = maxMessageRate == null ? 0.0 : maxMessageRate;
        if (maxMessageRate < 0 || maxMessageRate.isNaN() || maxMessageRate.isInfinite()) {
            throw new ConfigException("max_message_rate", "must be 0 (no limit) or a positive number of messages per second, was " + maxMessageRate);
        }
        maxPendingBytes = maxPendingBytes == null ? DataSize.ofMiB(4) : maxPendingBytes;
        if (maxPendingBytes.bytes() < 1) {
            throw new ConfigException("max_pending_bytes", "must be at least 1 byte, was " + maxPendingBytes);
        }
        slowConsumer = slowConsumer == null ? SlowConsumer.DISCONNECT : slowConsumer;
        compression = compression != null && compression;
        parseJson = parseJson == null || parseJson;
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        auth = auth == null ? AuthConfig.NONE : auth;
        if (httpPort != null) {
            requireRange("http_port", httpPort, -1, 65535);
            if (httpPort > 0 && httpPort.equals(port)) {
                throw new ConfigException("http_port", "is port (" + port + "), where the HTTP endpoints are served anyway: leave http_port out, "
                        + "or give a second port");
            }
        }
        targetField = targetField == null || targetField.isBlank() ? "session_id" : targetField;
        targeting = targeting == null || targeting;
        if (payloadField != null && payloadField.isBlank()) {
            payloadField = null;
        }
        admin = admin == null ? AdminConfig.OFF : admin;
        if (admin.enabled() && httpPort != null && httpPort == 0) {
            throw new ConfigException("admin", "is an HTTP endpoint, and http_port: 0 turns them off: leave http_port out");
        }
        targetFrom = targetFrom == null ? TargetFrom.PAYLOAD : targetFrom;
        handshakeTimeout = handshakeTimeout == null ? Duration.ofSeconds(10) : handshakeTimeout;
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new ConfigException("handshake_timeout", "must be positive, was " + handshakeTimeout);
        }
        if (metricsPort != null) {
            requireRange("metrics_port", metricsPort, 0, 65535);
            if (metricsPort > 0 && (metricsPort.equals(port) || metricsPort.equals(httpPort))) {
                throw new ConfigException("metrics_port", "must differ from port and http_port, was " + metricsPort);
            }
        }
        if (errorCode != null && errorCode.isBlank()) {
            errorCode = null;
        }
        maxBufferedBodyBytes = maxBufferedBodyBytes == null ? DataSize.ofMiB(64) : maxBufferedBodyBytes;
        if (maxBufferedBodyBytes.bytes() < 1) {
            throw new ConfigException("max_buffered_body_bytes", "must be at least 1 byte, was " + maxBufferedBodyBytes);
        }
        // channels are opt-in: records of many sources carry a field named channel (a Redis pub/sub message's own
        // channel, for one), and a blueprint written before channels must not start routing them
        if (channelField != null && channelField.isBlank()) {
            channelField = "";
        }
        if ("".equals(channelField) && (history != null || Boolean.TRUE.equals(envelope) || subscriptions == Subscriptions.MESSAGES)) {
            throw new ConfigException("channel_field", "is \"\" (channels off), so history, envelope and subscriptions: messages "
                    + "have nothing to work on: remove them, or name the field records carry their channel in");
        }
        maxHeaderSize = maxHeaderSize == null ? DataSize.ofKiB(8) : maxHeaderSize;
        if (maxHeaderSize.bytes() < 256 || maxHeaderSize.bytes() > 1024 * 1024) {
            throw new ConfigException("max_header_size", "must be 256B..1MiB, was " + maxHeaderSize);
        }
    }

    private static void requireRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigException(key, "must be " + min + ".." + max + ", was " + value);
        }
    }

    private static void requireNotNegative(String key, Duration d) {
        if (d.isNegative()) {
            throw new ConfigException(key, "must not be negative, was " + d);
        }
    }

    /**
     * Whether channels are on: any channel setting turns them on (channel_field, subscriptions, history, envelope, or a
     * {channel} path parameter); channel_field: "" keeps them off.
     */
    boolean channels() {
        if ("".equals(channelField)) {
            return false;
        }
        return channelField != null || subscriptions != null || history != null || envelope != null
                || (path != null && path.contains("{channel}"));
    }

    /** The field naming a record's channel (default channel). */
    String channelFieldName() {
        return channelField == null ? "channel" : channelField;
    }

    /** How clients subscribe (default connect). */
    Subscriptions subscriptionMode() {
        return subscriptions == null ? Subscriptions.CONNECT : subscriptions;
    }

    /** Whether channel records go out in an envelope (default false). */
    boolean enveloped() {
        return envelope != null && envelope;
    }

    /** Whether the HTTP endpoints are on. */
    boolean httpEnabled() {
        return httpPort == null || httpPort != 0;
    }

    /** The second port to serve the HTTP endpoints on (0 = any free one), or null for none. */
    Integer extraHttpPort() {
        if (httpPort == null || httpPort == 0) {
            return null;
        }
        return httpPort < 0 ? 0 : httpPort;
    }
}
