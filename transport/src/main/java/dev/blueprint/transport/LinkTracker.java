package dev.blueprint.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.timeout.WriteTimeoutException;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every connection's pipeline, whatever its phase: reports the end of the connection
 * once, and turns what went wrong on it into a close code and a {@link Violation} instead of Netty's
 * "exception reached the tail" warning with a stack trace per bad frame.
 */
final class LinkTracker<C> extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(LinkTracker.class);

    private final ServerSetup<C> setup;
    private final NettyLink<C> link;

    LinkTracker(ServerSetup<C> setup, NettyLink<C> link) {
        this.setup = setup;
        this.link = link;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        link.closedWith(1006, "");
        setup.handler().onClosed(link.state, link.finalCode(), link.finalReason());
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof VirtualMachineError || cause instanceof VirtualMachineError) {
            setup.fatal("an I/O thread failed", root);
            ctx.close();
            return;
        }
        if (root instanceof CorruptedWebSocketFrameException e) {
            // the decoder has already sent the close frame and closes the connection
            WebSocketCloseStatus status = e.closeStatus();
            link.closedWith(status.code(), status.reasonText());
            violation(ofStatus(status.code()), e.getMessage());
            ctx.close();
        } else if (root instanceof TooLongFrameException) {
            violation(Violation.MESSAGE_TOO_BIG, root.getMessage());
            closeWith(ctx, 1009, "message too big");
        } else if (root instanceof DecompressionException) {
            boolean bomb = String.valueOf(root.getMessage()).contains("maximum size");
            violation(bomb ? Violation.MESSAGE_TOO_BIG : Violation.INVALID_PAYLOAD, root.getMessage());
            closeWith(ctx, bomb ? 1009 : 1007, bomb ? "message too big" : "invalid compressed data");
        } else if (root instanceof CorruptedFrameException) {
            violation(Violation.PROTOCOL_ERROR, root.getMessage());
            closeWith(ctx, 1002, "protocol error");
        } else if (root instanceof WriteTimeoutException) {
            violation(Violation.WRITE_TIMEOUT, "response not read within handshake_timeout");
            ctx.close();
        } else if (root instanceof SSLException || root instanceof IOException) {
            // resets and failed TLS handshakes: everyday noise on an open port
            log.debug("{} - connection {} failed: {}", setup.config().name(), link, root.toString());
            if (root instanceof SSLException) {
                violation(Violation.CONNECTION_ERROR, root.toString());
            }
            ctx.close();
        } else {
            violation(Violation.CONNECTION_ERROR, root.toString());
            log.debug("{} - unexpected error on {}", setup.config().name(), link, root);
            ctx.close();
        }
    }

    private static Violation ofStatus(int code) {
        return switch (code) {
            case 1009 -> Violation.MESSAGE_TOO_BIG;
            case 1007 -> Violation.INVALID_PAYLOAD;
            default -> Violation.PROTOCOL_ERROR;
        };
    }

    private void closeWith(ChannelHandlerContext ctx, int code, String reason) {
        if (link.upgraded) {
            link.closeNow(code, reason);
        } else {
            ctx.close();
        }
    }

    private void violation(Violation v, String detail) {
        setup.handler().onViolation(link.state, v, detail);
    }
}
