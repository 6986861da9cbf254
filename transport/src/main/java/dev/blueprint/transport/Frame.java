package dev.blueprint.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * One server-to-client message (text or binary), encoded once as a complete WebSocket frame (unmasked, final) so that
 * every connection is handed the same bytes. Connections that negotiated compression get their own
 * deflated frame from the payload part. Close it once handed to {@link Transport#send}: the connections
 * keep their own references until written.
 */
public final class Frame implements AutoCloseable {
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private final ByteBuf encoded;
    private final int headerLength;
    private final boolean binary;

    private Frame(ByteBuf encoded, int headerLength, boolean binary) {
        this.encoded = encoded;
        this.headerLength = headerLength;
        this.binary = binary;
    }

    /** Encodes {@code text} as a text frame. */
    public static Frame text(String text) {
        int n = ByteBufUtil.utf8Bytes(text);
        ByteBuf buf = header(TEXT, n);
        int header = buf.readableBytes();
        ByteBufUtil.writeUtf8(buf, text);
        return new Frame(buf, header, false);
    }

    /** Encodes {@code data} as a binary frame. */
    public static Frame binary(byte[] data) {
        ByteBuf buf = header(BINARY, data.length);
        int header = buf.readableBytes();
        buf.writeBytes(data);
        return new Frame(buf, header, true);
    }

    /** A buffer for a final frame of {@code opcode} with a payload of {@code n} bytes, its header written. */
    private static ByteBuf header(int opcode, int n) {
        int header = n < 126 ? 2 : n <= 0xFFFF ? 4 : 10;
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(header + n);
        buf.writeByte(0x80 | opcode); // FIN + opcode
        if (n < 126) {
            buf.writeByte(n);
        } else if (n <= 0xFFFF) {
            buf.writeByte(126).writeShort(n);
        } else {
            buf.writeByte(127).writeLong(n);
        }
        return buf;
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
    WebSocketFrame retainedFrame() {
        ByteBuf payload = encoded.retainedSlice(headerLength, encoded.readableBytes() - headerLength);
        return binary ? new BinaryWebSocketFrame(true, 0, payload) : new TextWebSocketFrame(true, 0, payload);
    }

    @Override
    public void close() {
        encoded.release();
    }
}
