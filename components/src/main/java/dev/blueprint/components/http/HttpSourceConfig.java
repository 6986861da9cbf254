package dev.blueprint.components.http;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.DataSize;
import dev.blueprint.api.Doc;

/**
 * Config of the {@code http} source.
 *
 * @param host the address to bind
 * @param port the port to bind; 0 picks a free one
 * @param path the URL path accepting POSTs
 * @param maxBodyBytes the largest accepted request body
 */
public record HttpSourceConfig(
        @Doc("The address to bind.") String host,
        @Doc("The port to listen on, 0 = any free port.") Integer port,
        @Doc("The URL path accepting POSTs.") String path,
        @Doc("The largest request body accepted; larger ones get 413.") DataSize maxBodyBytes) {

    public HttpSourceConfig {
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
}
