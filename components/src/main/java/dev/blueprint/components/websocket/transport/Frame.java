package dev.blueprint.components.websocket.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * One server-to-client text message, encoded once as a complete WebSocket frame (unmasked, final) so that
 * every connection is handed the same bytes. Connections that negotiated compression get their own
 * deflated frame from the payload part. Close it once handed to {@link Transport#send}: the connections
 * keep their own references until written.
 */
public final class Frame implements AutoCloseable {
    private final ByteBuf encoded;
    private final int headerLength;

    private Frame(ByteBuf encoded, int headerLength) {
        this.encoded = encoded;
        this.headerLength = headerLength;
    }

    /** Encodes {@code text} as a text frame. */
    public static Frame text(String text) {
        int n = ByteBufUtil.utf8Bytes(text);
        int header = n < 126 ? 2 : n <= 0xFFFF ? 4 : 10;
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(header + n);
        buf.writeByte(0x81); // FIN + text
        if (n < 126) {
            buf.writeByte(n);
        } else if (n <= 0xFFFF) {
            buf.writeByte(126).writeShort(n);
        } else {
            buf.writeByte(127).writeLong(n);
        }
        ByteBufUtil.writeUtf8(buf, text);
        return new Frame(buf, header);
    }

    /** Bytes of the encoded frame, header included. */
    public int size() {
        return encoded.readableBytes();
    }

    /** Bytes of the payload (the UTF-8 text). */
    int payloadSize() {
        return encoded.readableBytes() - headerLength;
    }

    /** Keeps the frame alive for one more holder; each holder calls {@link #close()} once. */
    void retain() {
        encoded.retain();
    }

    /** A reference to the encoded frame for one connection (released when written). */
    ByteBuf retainedBytes() {
        return encoded.retainedDuplicate();
    }

    /** The payload as a frame object, for a connection whose extensions (compression) must encode it. */
    TextWebSocketFrame retainedFrame() {
        return new TextWebSocketFrame(true, 0, encoded.retainedSlice(headerLength, encoded.readableBytes() - headerLength));
    }

    @Override
    public void close() {
        encoded.release();
    }
}
