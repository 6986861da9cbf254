package dev.blueprint.components.http;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.DataSize;
import dev.blueprint.api.Doc;
import java.util.List;

/**
 * Config of the {@code http} source.
 *
 * @param host the address to bind
 * @param port the port to bind; 0 picks a free one
 * @param path the URL path accepting POSTs
 * @param maxBodyBytes the largest accepted request body
 * @param allowedOrigins browser origins whose pages may POST here; none by default, {@code ["*"]} for any
 * @param contentTypes the media types a body may be sent as; {@code ["*"]} for any
 * @param maxBufferedBodyBytes request-body bytes all connections together may hold at once
 */
public record HttpSourceConfig(
        @Doc("The address to bind.") String host,
        @Doc("The port to listen on, 0 = any free port.") Integer port,
        @Doc("The URL path accepting POSTs.") String path,
        @Doc("The largest request body accepted; larger ones get 413.") DataSize maxBodyBytes,
        @Doc("Browser origins whose pages may POST here, e.g. [\"https://app.example.com\"]. Default []: a request with an Origin "
                + "header (every browser's cross-site POST) gets 403; requests without one (curl, servers) are served. [\"*\"] allows any origin.") List<String> allowedOrigins,
        @Doc("Media types a body may be sent as (default [application/json]; parameters such as charset are ignored). Another "
                + "Content-Type gets 415 before the body is read; a request without one is taken as JSON. [\"*\"] accepts any.") List<String> contentTypes,
        @Doc("Request-body bytes all connections together may hold at once (default 64MiB); beyond it a request gets 503 with Retry-After.") DataSize maxBufferedBodyBytes) {

    public HttpSourceConfig {
        host = host == null ? "0.0.0.0" : host;
        port = port == null ? 8080 : port;
        path = path == null ? "/" : path;
        maxBodyBytes = maxBodyBytes == null ? DataSize.ofMiB(1) : maxBodyBytes;
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        contentTypes = contentTypes == null ? List.of("application/json")
                : contentTypes.stream().map(t -> t.strip().toLowerCase(java.util.Locale.ROOT)).toList();
        if (contentTypes.isEmpty()) {
            throw new ConfigException("content_types", "must name at least one media type, e.g. [application/json], or [\"*\"] for any");
        }
        maxBufferedBodyBytes = maxBufferedBodyBytes == null ? DataSize.ofMiB(64) : maxBufferedBodyBytes;
        if (maxBufferedBodyBytes.bytes() < 1) {
            throw new ConfigException("max_buffered_body_bytes", "must be at least 1 byte, was " + maxBufferedBodyBytes);
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException("port", "must be 0..65535, was " + port);
        }
        if (!path.startsWith("/")) {
            throw new ConfigException("path", "must start with /, was '" + path + "'");
        }
    }
}
