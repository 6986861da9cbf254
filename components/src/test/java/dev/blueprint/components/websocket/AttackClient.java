package dev.blueprint.components.websocket;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.Deflater;

/**
 * A raw TCP client over loopback that does what an attacker does: writes any bytes at any pace (half a
 * request, a header block that never ends, frames no real client sends: unmasked, reserved bits, bad
 * UTF-8, deflate bombs), never reads unless asked, and reads back exactly what the server answered
 * (the HTTP status line, frames, the close code, the end of the TCP connection). Every read has a
 * deadline, so a test using it fails instead of hanging. Shared by the component tests and the CLI's
 * end-to-end tests.
 */
public final class AttackClient implements AutoCloseable {
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;
    /** RSV1: the message is compressed (permessage-deflate). */
    public static final int RSV1 = 0x4;
    /** The largest control-frame payload RFC 6455 allows. */
    public static final int MAX_CONTROL_PAYLOAD = 125;
    private static final Duration READ_DEADLINE = Duration.ofSeconds(5);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int port;

    private AttackClient(Socket socket, int port) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.port = port;
    }

    /** A TCP connection to 127.0.0.1:{@code port} that has sent nothing yet. */
    public static AttackClient connect(int port) {
        return connect(port, 0);
    }

    /**
     * As {@link #connect(int)}, with a receive buffer of {@code receiveBuffer} bytes (0: the system's), set
     * before connecting so that the TCP window stays that small: a client that never reads then backs the
     * server's writes up after a few KiB.
     */
    public static AttackClient connect(int port, int receiveBuffer) {
        Socket s = new Socket();
        try {
            if (receiveBuffer > 0) {
                s.setReceiveBufferSize(receiveBuffer);
            }
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout((int) READ_DEADLINE.toMillis());
            return new AttackClient(s, port);
        } catch (IOException e) {
            closeQuietly(s);
            throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port, e);
        }
    }

    /** A WebSocket handshake request for {@code target} (path and query) with {@code extraHeaders} (each ending in CRLF). */
    public static String handshake(int port, String target, String extraHeaders) {
        return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
    }

    /** Sends {@code bytes}; fails when the server has closed the connection. */
    public AttackClient send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("the server closed the connection", e);
        }
    }

    /** Sends {@code text} as ASCII. */
    public AttackClient send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends {@code bytes}; false instead of an exception when the server has closed (broken pipe, reset). */
    public boolean trySend(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the server has sent something not read yet (without blocking). */
    public boolean hasResponse() {
        try {
            return in.available() > 0;
        } catch (IOException e) {
            return true; // a reset is an answer too; reading tells which
        }
    }

    /**
     * Performs the WebSocket handshake for {@code target} and returns the 101 response head; fails when the
     * server answers anything else.
     */
    public String upgrade(String target, String extraHeaders) {
        send(handshake(port, target, extraHeaders));
        String head = readHead();
        if (status(head) != 101) {
            throw new AssertionError("handshake refused: " + head);
        }
        return head;
    }

    /** Reads an HTTP response head (status line and headers, up to the blank line); what was read when the server closed first. */
    public String readHead() {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] end = {'\r', '\n', '\r', '\n'};
        int matched = 0;
        try {
            while (matched < 4 && head.size() < 64 * 1024) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no HTTP response within " + READ_DEADLINE + "; read so far: " + head.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            // a reset after the response: return what arrived
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads a response head and returns its status code. */
    public int readStatus() {
        return status(readHead());
    }

    /** The status code of a response head ({@code HTTP/1.1 431 ...}); -1 when there is none. */
    public static int status(String head) {
        String[] parts = head.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            return -1;
        }
        return Integer.parseInt(parts[1].trim());
    }

    /** A header's value in a response head, or null. */
    public static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** A frame the server sent. */
    public record ServerFrame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {
        /** The status code of a close frame; 1005 when it has none. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }
    }

    /** Reads one frame from the server. */
    public ServerFrame readFrame() {
        try {
            DataInputStream data = new DataInputStream(in);
            int b0 = data.readUnsignedByte();
            int b1 = data.readUnsignedByte();
            int len = b1 & 0x7F;
            long n = len == 126 ? data.readUnsignedShort() : len == 127 ? data.readLong() : len;
            if ((b1 & 0x80) != 0) {
                data.readNBytes(4);
            }
            if (n > 16 * 1024 * 1024) {
                throw new AssertionError("the server sent a frame of " + n + " bytes");
            }
            return new ServerFrame((b0 & 0x80) != 0, (b0 >> 4) & 0x7, b0 & 0x0F, (b1 & 0x80) != 0, data.readNBytes((int) n));
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no frame from the server within " + READ_DEADLINE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads frames until the server's close frame and returns its code; -1 when the TCP connection ended
     * first (at most 1,000 frames are skipped).
     */
    public int readCloseCode() {
        for (int i = 0; i < 1000; i++) {
            ServerFrame f;
            try {
                f = readFrame();
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof EOFException || e.getCause() instanceof java.net.SocketException) {
                    return -1;
                }
                throw e;
            }
            if (f.opcode() == CLOSE) {
                return f.closeCode();
            }
        }
        throw new AssertionError("no close frame among 1,000 frames");
    }

    /**
     * Reads and discards what the server sends until it closes the TCP connection; true when it did
     * within {@code within}.
     */
    public boolean awaitServerClose(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        byte[] buf = new byte[65536];
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
                if (in.read(buf) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        } finally {
            try {
                socket.setSoTimeout((int) READ_DEADLINE.toMillis());
            } catch (IOException e) {
                // closed
            }
        }
    }

    /** A masked client frame with FIN set and no reserved bits. */
    public static byte[] frame(int opcode, byte[] payload) {
        return frame(true, 0, opcode, payload, true);
    }

    /**
     * Any frame: {@code rsv} is the three reserved bits (RSV1 = 4, RSV2 = 2, RSV3 = 1), {@code masked}
     * whether the payload is masked as a client must.
     */
    public static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) {
        ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
        f.write((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | (opcode & 0x0F));
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            f.write(maskBit | payload.length);
        } else if (payload.length <= 0xFFFF) {
            f.write(maskBit | 126);
            f.write(payload.length >>> 8);
            f.write(payload.length & 0xFF);
        } else {
            f.write(maskBit | 127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) ((long) payload.length >>> (8 * i)) & 0xFF);
            }
        }
        if (!masked) {
            f.writeBytes(payload);
            return f.toByteArray();
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        f.writeBytes(mask);
        byte[] masking = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            masking[i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        f.writeBytes(masking);
        return f.toByteArray();
    }

    /** A masked close frame with {@code code} and a reason of any bytes (valid UTF-8 or not). */
    public static byte[] closeFrame(int code, byte[] reason) {
        byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(reason, 0, payload, 2, reason.length);
        return frame(CLOSE, payload);
    }

    /** {@code data} compressed as one permessage-deflate message: raw deflate, trailing {@code 00 00 ff ff} removed. */
    public static byte[] deflate(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            byte[] buf = new byte[64 * 1024];
            feed(deflater, data, data.length, buf, out);
            return syncFlush(deflater, buf, out);
        } finally {
            deflater.end();
        }
    }

    /** {@code n} bytes of zeros as one permessage-deflate message (about a thousandth of {@code n}): a deflate bomb. */
    public static byte[] deflateZeros(long n) {
        byte[] chunk = new byte[64 * 1024];
        long whole = n / chunk.length;
        int rest = (int) (n % chunk.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            byte[] buf = new byte[64 * 1024];
            for (long i = 0; i < whole; i++) {
                feed(deflater, chunk, chunk.length, buf, out);
            }
            feed(deflater, chunk, rest, buf, out);
            return syncFlush(deflater, buf, out);
        } finally {
            deflater.end();
        }
    }

    private static void feed(Deflater deflater, byte[] data, int length, byte[] buf, ByteArrayOutputStream out) {
        deflater.setInput(data, 0, length);
        while (!deflater.needsInput()) {
            out.write(buf, 0, deflater.deflate(buf, 0, buf.length, Deflater.NO_FLUSH));
        }
    }

    private static byte[] syncFlush(Deflater deflater, byte[] buf, ByteArrayOutputStream out) {
        int n;
        do {
            n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length);
        byte[] all = out.toByteArray();
        int len = all.length;
        if (len >= 4 && all[len - 4] == 0 && all[len - 3] == 0 && all[len - 2] == (byte) 0xFF && all[len - 1] == (byte) 0xFF) {
            len -= 4; // RFC 7692 7.2.1: the sender removes the empty block's tail, the receiver puts it back
        }
        return Arrays.copyOf(all, len);
    }

    /** A GET over this connection, kept alive: returns the status (the body is read and discarded). */
    public int get(String path) {
        send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n");
        String head = readResponse();
        if (head.isEmpty()) {
            throw new AssertionError("the server closed the connection instead of answering GET " + path);
        }
        return status(head);
    }

    /** Reads one HTTP response: returns its head; the body (by Content-Length) is read and discarded. */
    public String readResponse() {
        String head = readHead();
        String length = header(head, "Content-Length");
        if (length != null) {
            try {
                in.readNBytes(Integer.parseInt(length.trim()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return head;
    }

    @Override
    public String toString() {
        return "attacker " + socket.getLocalPort() + " -> " + port;
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
