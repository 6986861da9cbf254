package dev.blueprint.components.websocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import org.java_websocket.WrappedByteChannel;

/**
 * The channel Java-WebSocket writes a connection's frames to, wrapped to count written bytes (so the
 * bytes still pending per client are known without walking its queue) and to send a handshake refusal
 * with a real status code in place of the library's fixed 404 page.
 */
final class CountingChannel implements WrappedByteChannel {
    private final ByteChannel delegate;
    private final WrappedByteChannel wrapped;
    private final Connection connection;
    private ByteBuffer rejection;

    CountingChannel(ByteChannel delegate, Connection connection) {
        this.delegate = delegate;
        this.wrapped = delegate instanceof WrappedByteChannel w ? w : null;
        this.connection = connection;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        byte[] refusal = connection.rejection;
        if (refusal != null) {
            if (rejection == null) {
                rejection = ByteBuffer.wrap(refusal);
            }
            delegate.write(rejection);
            if (rejection.hasRemaining()) {
                return 0; // the library retries when the socket is writable again
            }
            int swallowed = src.remaining(); // the library's own 404 page
            src.position(src.limit());
            delegate.close(); // a refused client gets no more bytes
            return swallowed;
        }
        int n = delegate.write(src);
        if (n > 0) {
            connection.writtenBytes.addAndGet(n);
        }
        return n;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return delegate.read(dst);
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    @Override
    public boolean isNeedWrite() {
        return wrapped != null && wrapped.isNeedWrite();
    }

    @Override
    public void writeMore() throws IOException {
        if (wrapped != null) {
            wrapped.writeMore();
        }
    }

    @Override
    public boolean isNeedRead() {
        return wrapped != null && wrapped.isNeedRead();
    }

    @Override
    public int readMore(ByteBuffer dst) throws IOException {
        return wrapped == null ? 0 : wrapped.readMore(dst);
    }

    @Override
    public boolean isBlocking() {
        return wrapped != null && wrapped.isBlocking();
    }
}
