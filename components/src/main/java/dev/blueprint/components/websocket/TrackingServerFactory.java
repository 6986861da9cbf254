package dev.blueprint.components.websocket;

import java.io.IOException;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;

/** Gives every accepted socket a {@link Connection} and a {@link CountingChannel}; TLS comes from the delegate. */
final class TrackingServerFactory implements WebSocketServerFactory {
    private final WebSocketServerFactory delegate;
    private final AtomicLong ids = new AtomicLong();

    TrackingServerFactory(WebSocketServerFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public WebSocketImpl createWebSocket(WebSocketAdapter adapter, Draft draft) {
        return attach(delegate.createWebSocket(adapter, draft));
    }

    @Override
    public WebSocketImpl createWebSocket(WebSocketAdapter adapter, List<Draft> drafts) {
        return attach(delegate.createWebSocket(adapter, drafts));
    }

    private WebSocketImpl attach(WebSocketImpl socket) {
        socket.setAttachment(new Connection("c-" + ids.incrementAndGet(), socket));
        return socket;
    }

    @Override
    public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) throws IOException {
        ByteChannel inner = delegate.wrapChannel(channel, key);
        WebSocketImpl socket = (WebSocketImpl) key.attachment();
        return new CountingChannel(inner, socket.getAttachment());
    }

    @Override
    public void close() {
        delegate.close();
    }
}
