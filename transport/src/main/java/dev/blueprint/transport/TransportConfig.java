package dev.blueprint.transport;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the transport listens and what it allows. Built with {@link #builder(String, String, int)}, which starts
 * from the defaults below, so that a caller names only the settings it changes.
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

    /** The default of {@code maxHeaderBytes}: 8 KiB. */
    public static final int DEFAULT_MAX_HEADER_BYTES = 8 * 1024;
    /** The default of {@code handshakeTimeout}: 10 s. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** The default of {@code maxMessageSize}: 1 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 1 << 20;
    /** The default of {@code compressionThreshold}: messages under 1 KiB are not worth a deflate. */
    public static final int DEFAULT_COMPRESSION_THRESHOLD = 1024;
    /** The default of {@code maxPendingBytes}: 4 MiB. */
    public static final long DEFAULT_MAX_PENDING_BYTES = 4L << 20;
    /** The default of {@code maxBodyBytes}: 64 KiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    /** The default of {@code max_buffered_body_bytes}: 64 MiB. */
    public static final long DEFAULT_MAX_BUFFERED_BODY_BYTES = 64L << 20;

    public TransportConfig {
        if (maxBufferedBodyBytes < 1) {
            throw new IllegalArgumentException("max_buffered_body_bytes must be at least 1 byte, was " + maxBufferedBodyBytes);
        }
        hosts = hosts == null ? HostPolicy.ANY : hosts;
    }

    /**
     * A config listening on {@code host:port} for the component {@code name}, plain (no TLS), with no extra HTTP or
     * metrics port, compression off, one I/O and one HTTP thread, every Host answered, and the {@code DEFAULT_*} limits; the builder's
     * methods change one setting each.
     */
    public static Builder builder(String name, String host, int port) {
        return new Builder(name, host, port);
    }

    /** Names the settings of a {@link TransportConfig}; each starts at its default. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final String host;
        private final int port;
        private Integer extraHttpPort;
        private Integer metricsPort;
        private Path keystore;
        private String keystorePassword;
        private int maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private boolean compression;
        private int compressionThreshold = DEFAULT_COMPRESSION_THRESHOLD;
        private long maxPendingBytes = DEFAULT_MAX_PENDING_BYTES;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private int ioThreads = 1;
        private int httpThreads = 1;
        private long maxBufferedBodyBytes = DEFAULT_MAX_BUFFERED_BODY_BYTES;
        private HostPolicy hosts = HostPolicy.ANY;

        private Builder(String name, String host, int port) {
            this.name = name;
            this.host = host;
            this.port = port;
        }

        /** A second, plain-HTTP port serving only the HTTP routes; null for none (the default), 0 for a free one. */
        public Builder extraHttpPort(Integer port) {
            this.extraHttpPort = port;
            return this;
        }

        /** A plain-HTTP port serving only the metrics routes; null for none (the default), 0 for a free one. */
        public Builder metricsPort(Integer port) {
            this.metricsPort = port;
            return this;
        }

        /** TLS on the main port from a PKCS12 keystore; a null keystore (the default) serves plain. */
        public Builder tls(Path keystore, String password) {
            this.keystore = keystore;
            this.keystorePassword = password;
            return this;
        }

        /** The largest request line, and the largest header block, of a request. */
        public Builder maxHeaderBytes(int bytes) {
            this.maxHeaderBytes = bytes;
            return this;
        }

        /** The time a connection has to deliver a complete request and a client has to read a response. */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = timeout;
            return this;
        }

        /** The largest WebSocket message a client may send, after inflating. */
        public Builder maxMessageSize(int bytes) {
            this.maxMessageSize = bytes;
            return this;
        }

        /** Offers permessage-deflate; messages under {@code threshold} bytes are still sent uncompressed. */
        public Builder compression(boolean on, int threshold) {
            this.compression = on;
            this.compressionThreshold = threshold;
            return this;
        }

        /** The bytes one connection may have waiting to be written. */
        public Builder maxPendingBytes(long bytes) {
            this.maxPendingBytes = bytes;
            return this;
        }

        /** The largest HTTP request body. */
        public Builder maxBodyBytes(long bytes) {
            this.maxBodyBytes = bytes;
            return this;
        }

        /** The number of I/O threads and of threads running HTTP routes. */
        public Builder threads(int io, int http) {
            this.ioThreads = io;
            this.httpThreads = http;
            return this;
        }

        /** The request-body bytes all connections together may hold at once. */
        public Builder maxBufferedBodyBytes(long bytes) {
            this.maxBufferedBodyBytes = bytes;
            return this;
        }

        /** Answers only the {@code Host} headers {@code hosts} allows (DNS rebinding); the default answers every Host. */
        public Builder hosts(HostPolicy hosts) {
            this.hosts = hosts;
            return this;
        }

        /** The config; throws {@link IllegalArgumentException} for a setting out of range. */
        public TransportConfig build() {
            return new TransportConfig(name, host, port, extraHttpPort, metricsPort, keystore, keystorePassword, maxHeaderBytes,
                    handshakeTimeout, maxMessageSize, compression, compressionThreshold, maxPendingBytes, maxBodyBytes, ioThreads,
                    httpThreads, maxBufferedBodyBytes, hosts);
        }
    }
}
