package dev.blueprint.components.wsclient;

import dev.blueprint.api.ComponentProvider;
import dev.blueprint.testing.ComponentContractTest;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * Both websocket client variants pass the component contract against a real WebSocket server on loopback
 * (Java-WebSocket's, not Blueprint's own), which greets each connection with a message so that the source has
 * something to emit, and keeps what the sink sends.
 */
class WsClientContractTest {
    private static Server server;

    /** A WebSocket server on a free loopback port. */
    static final class Server extends WebSocketServer {
        final List<String> received = new CopyOnWriteArrayList<>();
        private final CountDownLatch started = new CountDownLatch(1);

        Server() {
            super(new InetSocketAddress("127.0.0.1", 0));
        }

        String url() {
            return "ws://127.0.0.1:" + getPort() + "/";
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            conn.send("{\"hello\":\"contract\"}");
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            // nothing to keep
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            received.add(message);
        }

        @Override
        public void onMessage(WebSocket conn, ByteBuffer message) {
            received.add("binary:" + message.remaining());
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            // a client going away mid-test is not the server's concern here
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }

    @BeforeAll
    static void startServer() throws InterruptedException {
        server = new Server();
        server.start();
        if (!server.started.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test WebSocket server did not start");
        }
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        server.stop(1000);
    }

    @Nested
    class Source extends ComponentContractTest<WsClientSourceConfig> {
        @Override
        protected ComponentProvider<WsClientSourceConfig> provider() {
            return new WsClientSourceProvider();
        }

        @Override
        protected WsClientSourceConfig config() {
            return bind("{\"url\": \"" + server.url() + "\"}");
        }
    }

    @Nested
    class Sink extends ComponentContractTest<WsClientSinkConfig> {
        @Override
        protected ComponentProvider<WsClientSinkConfig> provider() {
            return new WsClientSinkProvider();
        }

        @Override
        protected WsClientSinkConfig config() {
            return bind("{\"url\": \"" + server.url() + "\"}");
        }
    }
}
