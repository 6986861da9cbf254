package dev.blueprint.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a listening socket. When accepting fails (file descriptors exhausted), it pauses accepting
 * for a moment and resumes by itself, logging at WARN at most once a second with a count; the listener
 * is never closed for it. Losing the listener otherwise is fatal.
 */
@ChannelHandler.Sharable
final class AcceptGuard extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(AcceptGuard.class);
    static final long PAUSE_MILLIS = 250;

    private final ServerSetup<?> setup;
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean accepting = true;
    private volatile boolean closing;
    private final QuietLog quiet = new QuietLog(log);

    AcceptGuard(ServerSetup<?> setup) {
        this.setup = setup;
    }

    boolean accepting() {
        return accepting;
    }

    long failures() {
        return failures.get();
    }

    /** The listener is being closed on purpose. */
    void closing() {
        closing = true;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof VirtualMachineError) {
            setup.fatal("the accepting thread failed", cause);
            return;
        }
        long n = failures.incrementAndGet();
        if (!(cause instanceof IOException)) {
            log.debug("{} - accept failed", setup.config().name(), cause);
        }
        quiet.warn("accept", "{} - cannot accept connections: {} ({} failures so far); pausing accepting for {} ms",
                setup.config().name(), cause.toString(), n, PAUSE_MILLIS);
        accepting = false;
        ctx.channel().config().setAutoRead(false);
        ctx.executor().schedule(() -> {
            if (ctx.channel().isOpen()) {
                accepting = true;
                ctx.channel().config().setAutoRead(true);
            }
        }, PAUSE_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!closing) {
            accepting = false;
            setup.fatal("the listening socket " + ctx.channel().localAddress() + " was closed", null);
        }
        super.channelInactive(ctx);
    }
}
