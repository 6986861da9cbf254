package dev.blueprint.transport;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;

/**
 * The frames of an open connection, whole messages by now (the aggregator joined fragments within
 * {@code max_message_size}): messages go to the component, pings are answered within the connection's
 * byte budget, and a close frame is answered and ends the connection.
 */
final class FrameHandler<C> extends SimpleChannelInboundHandler<WebSocketFrame> {
    /** A pong's frame header; its payload is the ping's. */
    private static final int PONG_HEADER = 2;

    private final ServerSetup<C> setup;
    private final NettyLink<C> link;

    FrameHandler(ServerSetup<C> setup, NettyLink<C> link) {
        this.setup = setup;
        this.link = link;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        TransportHandler<C> handler = setup.handler();
        if (frame instanceof TextWebSocketFrame text) {
            if (!ByteBufUtil.isText(text.content(), StandardCharsets.UTF_8)) {
                // Netty's handshaker does not add the UTF-8 check (WebSocketServerProtocolHandler would): without
                // this, bad bytes reached the pipeline as U+FFFD instead of failing the connection (RFC 6455 8.1)
                handler.onViolation(link.state, Violation.INVALID_PAYLOAD, "text message is not UTF-8");
                link.closeNow(1007, "text message is not UTF-8");
                return;
            }
            handler.onText(link.state, text.text());
        } else if (frame instanceof BinaryWebSocketFrame binary) {
            handler.onBinary(link.state, ByteBufUtil.getBytes(binary.content()));
        } else if (frame instanceof PingWebSocketFrame ping) {
            handler.onAlive(link.state);
            answerPing(ctx, ping);
        } else if (frame instanceof PongWebSocketFrame) {
            handler.onAlive(link.state);
        } else if (frame instanceof CloseWebSocketFrame close) {
            onClose(ctx, close);
        }
    }

    /**
     * Pongs count against the connection's budget like any frame: a client that pings and never reads
     * would otherwise grow its queue of pongs without bound.
     */
    private void answerPing(ChannelHandlerContext ctx, PingWebSocketFrame ping) {
        long size = PONG_HEADER + ping.content().readableBytes();
        if (link.pendingBytes() + size > setup.config().maxPendingBytes()) {
            setup.handler().onViolation(link.state, Violation.SLOW_CONSUMER, "pings while not reading: " + link.pendingBytes()
                    + " bytes pending");
            link.closedWith(1008, "slow consumer: over max_pending_bytes");
            ctx.close();
            return;
        }
        ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()), ctx.voidPromise());
    }

    private void onClose(ChannelHandlerContext ctx, CloseWebSocketFrame close) {
        int code = close.statusCode();
        link.receivedCloseCode = code < 0 ? 1005 : code;
        link.receivedCloseReason = code < 0 ? "" : close.reasonText();
        if (link.sentCloseCode != 0) {
            ctx.close(); // the client answered our close: done
            return;
        }
        // echo the client's code, as RFC 6455 5.5.1 asks, then close the TCP connection
        CloseWebSocketFrame echo = code < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, "");
        link.closedWith(link.receivedCloseCode, link.receivedCloseReason);
        ctx.writeAndFlush(echo).addListener(ChannelFutureListener.CLOSE);
    }
}
