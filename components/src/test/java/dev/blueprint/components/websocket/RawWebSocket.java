package dev.blueprint.components.websocket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A plain TCP socket that performs the WebSocket handshake by hand and then does nothing at all: it
 * never reads (so the server's writes back up) and never answers pings. For heartbeat and slow-consumer
 * tests.
 */
public final class RawWebSocket implements AutoCloseable {
    private final Socket socket;
    private String responseHead = "";

    private RawWebSocket(Socket socket) {
        this.socket = socket;
    }

    /** Completes the handshake for {@code path} on {@code port}; the receive buffer is kept small. */
    public static RawWebSocket open(int port, String path) {
        return open(port, path, "");
    }

    /** As {@link #open(int, String)}, with {@code extraHeaders} (each ending in CRLF) in the request. */
    public static RawWebSocket open(int port, String path, String extraHeaders) {
        try {
            Socket s = new Socket();
            s.setReceiveBufferSize(4096);
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            String key = Base64.getEncoder().encodeToString("blueprint-raw-key".getBytes(StandardCharsets.US_ASCII)).substring(0, 22) + "==";
            String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String response = readHead(s.getInputStream());
            if (!response.startsWith("HTTP/1.1 101")) {
                s.close();
                throw new AssertionError("handshake refused: " + response);
            }
            RawWebSocket raw = new RawWebSocket(s);
            raw.responseHead = response;
            return raw;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** Sends one masked text frame of {@code length} bytes (payload 'x' repeated). */
    public void sendText(int length) {
        try {
            var out = new ByteArrayOutputStream();
            out.write(0x81);
            if (length < 126) {
                out.write(0x80 | length);
            } else if (length <= 0xFFFF) {
                out.write(0x80 | 126);
                out.write(length >>> 8);
                out.write(length & 0xFF);
            } else {
                out.write(0x80 | 127);
                for (int i = 7; i >= 0; i--) {
                    out.write((int) ((long) length >>> (8 * i)) & 0xFF);
                }
            }
            byte[] mask = {1, 2, 3, 4};
            out.write(mask);
            for (int i = 0; i < length; i++) {
                out.write('x' ^ mask[i % 4]);
            }
            socket.getOutputStream().write(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's 101 response, headers included. */
    public String responseHead() {
        return responseHead;
    }

    /**
     * Reads one whole frame from the server: {@code [first byte, payload length]} (the first byte holds FIN,
     * RSV1, which marks a compressed message, and the opcode); the payload is read and discarded.
     */
    public long[] readFrame() {
        try {
            socket.setSoTimeout(5000);
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            int b0 = in.readUnsignedByte();
            int len = in.readUnsignedByte() & 0x7F;
            long n = len == 126 ? in.readUnsignedShort() : len == 127 ? in.readLong() : len;
            in.readNBytes((int) n);
            return new long[] {b0, n};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server has closed the TCP connection (reads what is buffered to find out). */
    public boolean serverClosed() {
        try {
            socket.setSoTimeout(50);
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[65536];
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
