package dev.blueprint.components.websocket;

import java.nio.ByteBuffer;

/** Encodes a server-to-client text frame (unmasked, final) once, so every client gets the same bytes. */
final class FrameEncoder {
    private FrameEncoder() {
    }

    static ByteBuffer text(byte[] payload) {
        int n = payload.length;
        int header = n < 126 ? 2 : n <= 0xFFFF ? 4 : 10;
        ByteBuffer frame = ByteBuffer.allocate(header + n);
        frame.put((byte) 0x81); // FIN + text
        if (n < 126) {
            frame.put((byte) n);
        } else if (n <= 0xFFFF) {
            frame.put((byte) 126).putShort((short) n);
        } else {
            frame.put((byte) 127).putLong(n);
        }
        frame.put(payload).flip();
        return frame.asReadOnlyBuffer();
    }
}
