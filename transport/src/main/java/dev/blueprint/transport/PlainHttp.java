package dev.blueprint.transport;

import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The handler of an HTTP-only server: no WebSocket, so no connection state; limits hit are logged quietly. */
final class PlainHttp implements TransportHandler<Object> {
    private static final Logger log = LoggerFactory.getLogger(PlainHttp.class);
    private static final Object NO_STATE = new Object();
    private final String name;
    private final QuietLog quiet = new QuietLog(log);
    private final BiConsumer<String, Throwable> onFatal;
    private final java.util.function.Consumer<Violation> onRefused;

    PlainHttp(String name, BiConsumer<String, Throwable> onFatal, java.util.function.Consumer<Violation> onRefused) {
        this.name = name;
        this.onFatal = onFatal;
        this.onRefused = onRefused;
    }

    @Override
    public Object onAccepted(Link link) {
        return NO_STATE;
    }

    @Override
    public Optional<HttpReply> onHandshake(Object connection, Handshake handshake) {
        return Optional.of(HttpReply.text(404, "no WebSocket here\n"));
    }

    @Override
    public void onHttp(Object connection) {
    }

    @Override
    public void onOpen(Object connection) {
    }

    @Override
    public void onText(Object connection, String text) {
    }

    @Override
    public void onBinary(Object connection, byte[] data) {
    }

    @Override
    public void onAlive(Object connection) {
    }

    @Override
    public void onViolation(Object connection, Violation violation, String detail) {
        onRefused.accept(violation);
        quiet.warn(violation.reason(), "{} - refused a request ({}): {}", name, violation.reason(), detail);
    }

    @Override
    public void onClosed(Object connection, int code, String reason) {
    }

    @Override
    public void onFatal(String what, Throwable cause) {
        onFatal.accept(what, cause);
    }
}
