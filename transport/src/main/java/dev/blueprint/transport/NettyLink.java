package dev.blueprint.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Netty side of one client connection: its channel, the bytes on their way to it, and the state of
 * its closing handshake (which decides the close code reported when the TCP connection goes).
 */
final class NettyLink<C> implements Link {
    static final long HARD_CLOSE_DELAY_MS = 2000;

    final Channel channel;
    private final String remote;
    /** Bytes handed to {@link Transport#send} and not yet in the channel's outbound buffer. */
    final AtomicLong inTransit = new AtomicLong();
    /** The component's state of this connection. */
    C state;
    /** Set on the I/O thread once the WebSocket handshake completed. */
    volatile boolean upgraded;
    /** Set on the I/O thread for a connection that negotiated permessage-deflate. */
    volatile boolean compressed;
    private volatile boolean closing;
    /** Touched on the I/O thread only. */
    int sentCloseCode;
    String sentCloseReason;
    int receivedCloseCode;
    String receivedCloseReason;
    boolean flushPending;

    NettyLink(Channel channel) {
        this.channel = channel;
        this.remote = describe(channel);
    }

    private static String describe(Channel channel) {
        if (channel.remoteAddress() instanceof InetSocketAddress a) {
            return (a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress()) + ":" + a.getPort();
        }
        return String.valueOf(channel.remoteAddress());
    }

    @Override
    public String remote() {
        return remote;
    }

    @Override
    public long pendingBytes() {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return inTransit.get() + (out == null ? 0 : out.totalPendingWriteBytes());
    }

    @Override
    public boolean isOpen() {
        return !closing && channel.isActive();
    }

    @Override
    public void ping() {
        channel.writeAndFlush(new PingWebSocketFrame(), channel.voidPromise());
    }

    @Override
    public void close(int code, String reason) {
        closing = true; // at once: a broadcast right after this must not count the connection as open
        if (channel.eventLoop().inEventLoop()) {
            closeNow(code, reason);
        } else {
            channel.eventLoop().execute(() -> closeNow(code, reason));
        }
    }

    /** Sends the close frame once and drops the TCP connection if the client has not answered in 2 s. */
    void closeNow(int code, String reason) {
        if (sentCloseCode != 0 || !channel.isActive()) {
            return;
        }
        closing = true;
        sentCloseCode = code;
        sentCloseReason = reason;
        if (receivedCloseCode != 0) { // answering the client's close: our frame ends it
            channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        channel.writeAndFlush(new CloseWebSocketFrame(code, reason));
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, HARD_CLOSE_DELAY_MS, TimeUnit.MILLISECONDS);
    }

    /** Records a close the transport itself sent (a codec failing the connection). */
    void closedWith(int code, String reason) {
        closing = true;
        if (sentCloseCode == 0) {
            sentCloseCode = code;
            sentCloseReason = reason;
        }
    }

    @Override
    public void abort() {
        closing = true;
        channel.close();
    }

    @Override
    public void pauseReading() {
        channel.config().setAutoRead(false);
    }

    @Override
    public void resumeReading() {
        channel.config().setAutoRead(true);
    }

    /** The code reported when the TCP connection has gone: the client's, else ours, else 1006. */
    int finalCode() {
        return receivedCloseCode != 0 ? receivedCloseCode : sentCloseCode != 0 ? sentCloseCode : 1006;
    }

    String finalReason() {
        return receivedCloseCode != 0 ? receivedCloseReason : sentCloseCode != 0 ? sentCloseReason : "";
    }

    @Override
    public String toString() {
        return remote;
    }
}
