package dev.blueprint.components.sink;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Record;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Writes each record's value as one JSON line (strings as-is) to a stream, buffered and flushed every
 * 100 ms, when inputs end, and on close.
 */
class JsonLinesSink implements Component {
    private static final byte[] NEWLINE = "\n".getBytes(StandardCharsets.UTF_8);
    private OutputStream out;
    private ObjectWriter writer;
    private boolean dirty;

    /** Opens the stream; called from {@link #start}. */
    OutputStream open() throws IOException {
        return new BufferedOutputStream(System.out, 64 * 1024) {
            @Override
            public void close() throws IOException {
                flush(); // never close System.out itself
            }
        };
    }

    @Override
    public void start(ComponentContext context) throws IOException {
        out = open();
        writer = context.json().writer();
        context.schedule(Duration.ofMillis(100), this::flushQuietly);
    }

    @Override
    public void onRecord(String input, Record record) throws IOException {
        if (record.value().isTextual()) {
            out.write(record.value().asText().getBytes(StandardCharsets.UTF_8));
        } else {
            writer.writeValue(new NonClosing(out), record.value());
        }
        out.write(NEWLINE);
        dirty = true;
        written();
    }

    /** Called after each record is written; the file sink rotates here. */
    void written() throws IOException {
    }

    /** Flushes and closes the current stream and opens a new one with {@link #open}. */
    void reopen(Runnable betweenCloseAndOpen) throws IOException {
        out.close();
        betweenCloseAndOpen.run();
        out = open();
    }

    private void flushQuietly() {
        if (dirty) {
            try {
                out.flush();
                dirty = false;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Override
    public void onInputsEnded() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }

    /** Jackson closes the stream it writes to unless told otherwise; this keeps ours open. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() {
        }
    }
}
