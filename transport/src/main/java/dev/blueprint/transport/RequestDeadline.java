package dev.blueprint.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Gives each request a deadline: from the moment the connection opens (TLS handshake included), and again
 * after each HTTP response on a kept-alive connection, a complete request must arrive within
 * {@code handshake_timeout}. Netty's own read timeouts restart on every byte, which is exactly what a
 * client sending one byte a second relies on; this one does not. Removed once the WebSocket handshake
 * completed (heartbeats watch open connections). On expiry it tells whether the connection was merely
 * idle: kept alive after a response, with not one byte of a next request.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {
    private final long timeoutNanos;
    private final Consumer<Boolean> onExpired;
    private ScheduledFuture<?> timer;
    private boolean keptAlive;
    private boolean readSinceArmed;

    RequestDeadline(long timeoutNanos, Consumer<Boolean> onExpired) {
        this.timeoutNanos = timeoutNanos;
        this.onExpired = onExpired;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            arm(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        readSinceArmed = true;
        super.channelRead(ctx, msg);
    }

    /** A complete request arrived: no deadline while it is served. */
    void received() {
        cancel();
    }

    /** The response went out on a kept-alive connection: the next request has its own deadline. */
    void rearm(ChannelHandlerContext ctx) {
        keptAlive = true;
        arm(ctx);
    }

    private void arm(ChannelHandlerContext ctx) {
        cancel();
        readSinceArmed = false;
        timer = ctx.executor().schedule(() -> {
            timer = null;
            if (ctx.channel().isActive()) {
                onExpired.accept(keptAlive && !readSinceArmed);
            }
        }, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }
}
