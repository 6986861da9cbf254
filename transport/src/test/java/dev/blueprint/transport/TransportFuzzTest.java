package dev.blueprint.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Coverage-guided fuzzing (Jazzer) of the WebSocket server's pipeline, the real one {@link ServerSetup} builds
 * for each connection, on an in-memory channel: whatever bytes a client sends (as an HTTP request, or as frames
 * after a valid handshake, permessage-deflate offered), the server answers, refuses or closes, and nothing else
 * happens: no exception escapes the pipeline and what it writes back stays bounded. {@code ./mvnw verify} fuzzes
 * for ten seconds (the {@code fuzz-transport} surefire execution) and replays the saved inputs in
 * {@code TransportFuzzTestInputs}; docs/testing.md says how to fuzz for hours.
 */
class TransportFuzzTest {
    private static final String HANDSHAKE = "GET /ws?session_id=s1 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n";
    private static final int MAX_MESSAGE = 64 * 1024;
    /** What the server may write back for one fuzzed input: answers, a close frame, echoes of pings. */
    private static final long MAX_WRITTEN = 4L * 1024 * 1024;

    // libFuzzer's dictionary format takes no raw quotes or line breaks: the fuzzer finds CR LF by itself
    @FuzzTest(maxDuration = "10s")
    @DictionaryEntries({"GET ", "POST ", " HTTP/1.1", "Host: x", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13",
        "Content-Length: ", "Transfer-Encoding: chunked", "/health", "/ws", "/admin", "?token=%", "%zz", "permessage-deflate"})
    void anyBytesFromAClientAreAnsweredRefusedOrClosed(FuzzedDataProvider data) {
        check(data);
    }

    /** The same in effect until stopped: run it by name with JAZZER_FUZZ=1 (docs/testing.md); Ctrl-C ends it. */
    @FuzzTest(maxDuration = "8760h")
    void anyBytesFromAClientAreAnsweredRefusedOrClosedUntilStopped(FuzzedDataProvider data) {
        check(data);
    }

    private static void check(FuzzedDataProvider data) {
        boolean upgrade = data.consumeBoolean(); // frames after a valid handshake, or a request of any shape
        int split = data.consumeInt(0, 4096);
        byte[] bytes = data.consumeRemainingAsBytes();
        EmbeddedChannel ch = new EmbeddedChannel();
        ServerSetup<Object> setup = new ServerSetup<>(config(), new AcceptingHandler(), routes(), new InlineExecutor(), null,
                new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE));
        ch.pipeline().addLast(setup.initializer(true));
        try {
            if (upgrade) {
                ch.writeInbound(Unpooled.copiedBuffer(HANDSHAKE, StandardCharsets.US_ASCII));
            }
            // in two reads, as a socket may deliver it
            int cut = Math.min(split, bytes.length);
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, 0, cut));
            if (ch.isOpen()) {
                ch.writeInbound(Unpooled.wrappedBuffer(bytes, cut, bytes.length - cut));
            }
            ch.runPendingTasks();
            ch.checkException(); // anything that reached the end of the pipeline unhandled
            long written = 0;
            Object out;
            while ((out = ch.readOutbound()) != null) {
                if (out instanceof ByteBuf b) {
                    written += b.readableBytes();
                }
                io.netty.util.ReferenceCountUtil.release(out);
            }
            assertThat(written).isLessThanOrEqualTo(MAX_WRITTEN + bytes.length);
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    private static TransportConfig config() {
        return TransportConfig.builder("fuzz", "127.0.0.1", 0).maxMessageSize(MAX_MESSAGE).compression(true, 1024)
                .maxPendingBytes(1024 * 1024).build();
    }

    private static HttpRoutes routes() {
        return new HttpRoutes().exact("/health", r -> HttpReply.json(200, "{\"status\":\"healthy\"}"))
                .prefix("/admin", r -> HttpReply.text(200, r.method() + " " + r.path() + " " + r.body().length + "\n"));
    }

    /** Accepts handshakes on /ws, refuses others, answers texts with their length (so outbound frames are written too). */
    private static final class AcceptingHandler implements TransportHandler<Object> {
        private Link link;

        @Override
        public Object onAccepted(Link link) {
            this.link = link;
            return link;
        }

        @Override
        public Optional<HttpReply> onHandshake(Object connection, Handshake handshake) {
            return handshake.path().equals("/ws") ? Optional.empty() : Optional.of(HttpReply.text(404, "no\n"));
        }

        @Override
        public void onHttp(Object connection) {
        }

        @Override
        public void onOpen(Object connection) {
        }

        @Override
        public void onText(Object connection, String text) {
            link.ping(); // some traffic the other way, through the same budget
        }

        @Override
        public void onBinary(Object connection, byte[] data) {
        }

        @Override
        public void onAlive(Object connection) {
        }

        @Override
        public void onViolation(Object connection, Violation violation, String detail) {
        }

        @Override
        public void onClosed(Object connection, int code, String reason) {
        }

        @Override
        public void onFatal(String what, Throwable cause) {
            throw new AssertionError("fatal: " + what, cause);
        }
    }

    /** Runs HTTP routes on the calling thread, so that a fuzzed request is answered before the check. */
    private static final class InlineExecutor extends AbstractExecutorService {
        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
