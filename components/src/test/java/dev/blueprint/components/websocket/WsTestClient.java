package dev.blueprint.components.websocket;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A real WebSocket client for tests (the JDK's {@code java.net.http.WebSocket}): collects every text
 * message, answers pings (the JDK does), and records how the server closed it. Shared by the
 * component tests and the CLI's end-to-end tests.
 */
public final class WsTestClient implements AutoCloseable {
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final List<byte[]> binaryMessages = new CopyOnWriteArrayList<>();
    private final CompletableFuture<int[]> closed = new CompletableFuture<>();
    private volatile String closeReason = "";
    private WebSocket socket;

    private WsTestClient() {
    }

    /** Connects to {@code url}; fails when the handshake fails. */
    public static WsTestClient connect(String url) {
        return connect(url, Map.of(), null);
    }

    /** Connects with extra request headers (e.g. Authorization, Origin) and an optional TLS context. */
    public static WsTestClient connect(String url, Map<String, String> headers, SSLContext tls) {
        WsTestClient client = new WsTestClient();
        try {
            client.socket = builder(headers, tls).buildAsync(URI.create(url), client.listener()).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("cannot connect to " + url + ": " + e, e);
        }
        return client;
    }

    /** The HTTP status a refused handshake got (fails when the handshake succeeds). */
    public static int refusalStatus(String url, Map<String, String> headers) {
        WsTestClient client = new WsTestClient();
        try {
            WebSocket ws = builder(headers, null).buildAsync(URI.create(url), client.listener()).get(10, TimeUnit.SECONDS);
            ws.abort();
            throw new AssertionError("handshake to " + url + " was accepted");
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw new AssertionError("handshake failed without an HTTP status: " + e, e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static WebSocket.Builder builder(Map<String, String> headers, SSLContext tls) {
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            http.sslContext(tls);
        }
        WebSocket.Builder b = http.build().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(b::header);
        return b;
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    messages.add(partial.toString());
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            private final java.io.ByteArrayOutputStream partialBinary = new java.io.ByteArrayOutputStream();

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                byte[] chunk = new byte[data.remaining()];
                data.get(chunk);
                partialBinary.writeBytes(chunk);
                if (last) {
                    binaryMessages.add(partialBinary.toByteArray());
                    partialBinary.reset();
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closeReason = reason;
                closed.complete(new int[] {statusCode});
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.complete(new int[] {1006});
            }
        };
    }

    /** Sends a text message and waits until it is written. */
    public WsTestClient send(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    /** Sends a binary message. */
    public WsTestClient sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).join();
        return this;
    }

    /** Every binary message received so far. */
    public List<byte[]> binaryMessages() {
        return new ArrayList<>(binaryMessages);
    }

    /** Every text message received so far. */
    public List<String> messages() {
        return new ArrayList<>(messages);
    }

    /** Waits (at most 20 s) until at least {@code n} messages arrived; returns them. */
    public List<String> awaitMessages(int n) {
        // the alias puts the count reached into the timeout message, which tells a slow run from a stuck one
        await().alias("messages received (wanted " + n + ")").atMost(Duration.ofSeconds(20))
                .until(messages::size, size -> size >= n);
        return messages();
    }

    /** Waits (at most 10 s) for the server to close the connection; returns the close code. */
    public int awaitClose() {
        try {
            return closed.get(10, TimeUnit.SECONDS)[0];
        } catch (Exception e) {
            throw new AssertionError("the server did not close the connection: " + e, e);
        }
    }

    /** Whether the connection has been closed by the server or failed. */
    public boolean isClosed() {
        return closed.isDone();
    }

    /** The reason the server gave when closing. */
    public String closeReason() {
        return closeReason;
    }

    @Override
    public void close() {
        if (socket != null && !closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS).exceptionally(t -> null);
            socket.abort();
        }
    }
}
