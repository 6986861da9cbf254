package dev.blueprint.transport;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the transport listens and what it allows.
 *
 * @param name the component name, for thread names and logs
 * @param host the address to listen on
 * @param port the WebSocket (and HTTP) port; 0 picks a free one
 * @param extraHttpPort a second, plain-HTTP port serving only the HTTP routes; null for none, 0 for a free one
 * @param metricsPort a plain-HTTP port serving only the metrics routes; null for none, 0 for a free one
 * @param keystore a PKCS12 keystore for TLS on {@code port}; null for plain
 * @param keystorePassword the keystore's password
 * @param maxHeaderBytes the largest request line, and the largest header block, of a request
 * @param handshakeTimeout the time a connection has to deliver a complete request (TLS handshake included)
 *     and a client has to read a response
 * @param maxMessageSize the largest message a client may send, after inflating
 * @param compression whether permessage-deflate is offered
 * @param compressionThreshold messages smaller than this are sent uncompressed
 * @param maxPendingBytes the bytes one connection may have waiting to be written
 * @param maxBodyBytes the largest HTTP request body
 * @param ioThreads the number of I/O threads
 * @param httpThreads the number of threads running HTTP routes
 * @param maxBufferedBodyBytes the request-body bytes all connections together may hold at once
 * @param hosts the {@code Host} headers answered; others get 403 before routing, upgrades included
 */
public record TransportConfig(String name, String host, int port, Integer extraHttpPort, Integer metricsPort, Path keystore,
        String keystorePassword,
        int maxHeaderBytes, Duration handshakeTimeout, int maxMessageSize, boolean compression, int compressionThreshold,
        long maxPendingBytes, long maxBodyBytes, int ioThreads, int httpThreads, long maxBufferedBodyBytes, HostPolicy hosts) {

    /** The default of {@code max_buffered_body_bytes}: 64 MiB. */
    public static final long DEFAULT_MAX_BUFFERED_BODY_BYTES = 64L << 20;

    public TransportConfig {
        if (maxBufferedBodyBytes < 1) {
            throw new IllegalArgumentException("max_buffered_body_bytes must be at least 1 byte, was " + maxBufferedBodyBytes);
        }
        hosts = hosts == null ? HostPolicy.ANY : hosts;
    }

    /** As the canonical constructor, answering every Host. */
    public TransportConfig(String name, String host, int port, Integer extraHttpPort, Integer metricsPort, Path keystore,
            String keystorePassword, int maxHeaderBytes, Duration handshakeTimeout, int maxMessageSize, boolean compression,
            int compressionThreshold, long maxPendingBytes, long maxBodyBytes, int ioThreads, int httpThreads, long maxBufferedBodyBytes) {
        this(name, host, port, extraHttpPort, metricsPort, keystore, keystorePassword, maxHeaderBytes, handshakeTimeout, maxMessageSize,
                compression, compressionThreshold, maxPendingBytes, maxBodyBytes, ioThreads, httpThreads, maxBufferedBodyBytes, HostPolicy.ANY);
    }

    /** This config answering only the Host headers {@code hosts} allows. */
    public TransportConfig withHosts(HostPolicy hosts) {
        return new TransportConfig(name, host, port, extraHttpPort, metricsPort, keystore, keystorePassword, maxHeaderBytes, handshakeTimeout,
                maxMessageSize, compression, compressionThreshold, maxPendingBytes, maxBodyBytes, ioThreads, httpThreads, maxBufferedBodyBytes,
                hosts);
    }

    /** As the canonical constructor, with the default body budget. */
    public TransportConfig(String name, String host, int port, Integer extraHttpPort, Integer metricsPort, Path keystore,
            String keystorePassword, int maxHeaderBytes, Duration handshakeTimeout, int maxMessageSize, boolean compression,
            int compressionThreshold, long maxPendingBytes, long maxBodyBytes, int ioThreads, int httpThreads) {
        this(name, host, port, extraHttpPort, metricsPort, keystore, keystorePassword, maxHeaderBytes, handshakeTimeout, maxMessageSize,
                compression, compressionThreshold, maxPendingBytes, maxBodyBytes, ioThreads, httpThreads, DEFAULT_MAX_BUFFERED_BODY_BYTES,
                HostPolicy.ANY);
    }
}
