package dev.blueprint.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.blueprint.api.Redaction;
import java.nio.charset.StandardCharsets;

/**
 * Writes log lines through the run's one redaction: whatever a component, a client library or an exception's message
 * puts in a line, a URL's password and its secret-looking query parameters ({@code ?token=}) leave as {@code ***}.
 * Wraps the text or the JSON encoder, so both formats are cleaned alike, stack traces included.
 */
final class RedactingEncoder extends EncoderBase<ILoggingEvent> {
    private final Encoder<ILoggingEvent> inner;

    RedactingEncoder(Encoder<ILoggingEvent> inner) {
        this.inner = inner;
    }

    @Override
    public byte[] headerBytes() {
        return inner.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        byte[] line = inner.encode(event);
        String text = new String(line, StandardCharsets.UTF_8);
        String clean = Redaction.cleanText(text);
        return clean.equals(text) ? line : clean.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return inner.footerBytes();
    }

    @Override
    public void start() {
        if (!inner.isStarted()) {
            inner.start();
        }
        super.start();
    }
}
