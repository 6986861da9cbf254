package dev.blueprint.components.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.extensions.permessage_deflate.PerMessageDeflateExtension;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** permessage-deflate: each connection gets its own deflated frame, plain clients the shared one. */
class WebSocketCompressionTest {
    @TempDir
    Path dir;

    @Test
    void deliversTheSameTextToSeveralCompressingClientsAndAPlainOne() throws Exception {
        try (var ws = new WebSocketHarness(dir, "compression: true\nheartbeat_interval: 0")) {
            List<DeflateClient> deflating = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                DeflateClient c = new DeflateClient(URI.create(ws.url("/")));
                assertThat(c.connectBlocking()).isTrue();
                deflating.add(c);
            }
            WsTestClient plain = WsTestClient.connect(ws.url("/"));
            RawWebSocket raw = RawWebSocket.open(ws.port, "/", "Sec-WebSocket-Extensions: permessage-deflate\r\n");
            assertThat(raw.responseHead()).containsIgnoringCase("sec-websocket-extensions: permessage-deflate");
            ws.awaitConnections(5);
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String text = "{\"i\":" + i + ",\"text\":\"" + "compressible ".repeat(200) + "\"}";
                sent.add(text);
                plain.send(text);
            }
            assertThat(plain.awaitMessages(20)).isEqualTo(sent);
            for (DeflateClient c : deflating) {
                await().atMost(Duration.ofSeconds(10)).until(() -> c.received.size() >= 20);
                assertThat(c.received).isEqualTo(sent);
                assertThat(c.extensions).startsWith("permessage-deflate");
                c.closeBlocking();
            }
            // on the wire: RSV1 marks a deflated message, far smaller than the 2.6 KB of very compressible text
            long[] frame = raw.readFrame();
            assertThat(frame[0] & 0x40).isEqualTo(0x40);
            assertThat(frame[1]).isLessThan(sent.get(0).length() / 4);
            raw.close();
            plain.close();
        }
    }

    static final class DeflateClient extends WebSocketClient {
        final List<String> received = new CopyOnWriteArrayList<>();
        volatile String extensions = "";

        DeflateClient(URI uri) {
            super(uri, new Draft_6455(new PerMessageDeflateExtension()));
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
            extensions = handshake.getFieldValue("Sec-WebSocket-Extensions");
        }

        @Override
        public void onMessage(String message) {
            received.add(message);
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
        }

        @Override
        public void onError(Exception ex) {
        }
    }
}
