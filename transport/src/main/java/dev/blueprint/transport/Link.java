package dev.blueprint.transport;

/**
 * The transport's end of one client connection, from the moment its TCP connection is accepted. Every
 * method may be called from any thread and returns at once; writes happen on the connection's I/O
 * thread.
 */
public interface Link {
    /** The client's address and port, e.g. {@code 127.0.0.1:51234}. */
    String remote();

    /**
     * Bytes handed to this connection and not yet written to its socket: frames, pongs and close frames
     * alike, including those still on their way to its I/O thread.
     */
    long pendingBytes();

    /** Open and not closing. */
    boolean isOpen();

    /** Sends a ping. */
    void ping();

    /**
     * Starts the closing handshake with {@code code} and {@code reason}; a client that does not answer
     * the close frame within 2 s has its TCP connection closed.
     */
    void close(int code, String reason);

    /** Closes the TCP connection at once, without a closing handshake. */
    void abort();

    /** Stops reading from the client (backpressure) until {@link #resumeReading()}. */
    void pauseReading();

    /** Reads from the client again after {@link #pauseReading()}. */
    void resumeReading();
}
