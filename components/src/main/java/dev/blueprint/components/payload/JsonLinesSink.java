package dev.blueprint.components.payload;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.blueprint.api.Acknowledgement;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.Record;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes each record's value as one JSON line (strings as-is) to a stream. Lines are gathered in a buffer
 * and handed to the stream whole, in one write, every 100 ms, once 64 KiB are waiting, when inputs end and
 * on close: however the process ends, the stream never holds part of a line, and the runtime learns how many
 * records were written ({@link ComponentContext#written}). A record whose source waits for its acknowledgement
 * is acknowledged only once its line is written. The {@code log} sink writes to stdout (this class's own
 * stream); the file sink overrides where it writes ({@link #open}) and rotates ({@link #written}, {@link #reopen}).
 */
public class JsonLinesSink implements Component {
    private static final byte[] NEWLINE = "\n".getBytes(StandardCharsets.UTF_8);
    private static final int FLUSH_BYTES = 64 * 1024;
    private final Lines lines = new Lines();
    /** The records whose lines wait in {@link #lines}: acknowledged once they are written. */
    private final List<Acknowledgement> held = new ArrayList<>();
    private OutputStream out;
    private ObjectWriter writer;
    private ComponentContext context;

    /** Opens the stream, unbuffered (this class buffers whole lines); called from {@link #start}. */
    protected OutputStream open() throws IOException {
        return new java.io.FilterOutputStream(System.out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush(); // never close System.out itself
            }
        };
    }

    @Override
    public void start(ComponentContext context) throws IOException {
        this.context = context;
        context.written(0); // a sink: the summary says written= and unwritten= for it even when nothing got out
        out = open();
        writer = context.json().writer();
        context.schedule(Duration.ofMillis(100), this::flushQuietly);
    }

    @Override
    public void onRecord(String input, Record record) throws IOException {
        int before = lines.size();
        try {
            if (record.value().isTextual()) {
                lines.write(record.value().asText().getBytes(StandardCharsets.UTF_8));
            } else {
                writer.writeValue(lines, record.value());
            }
            lines.write(NEWLINE);
        } catch (IOException | RuntimeException e) {
            lines.truncate(before); // a record that failed half-way leaves no half line behind
            throw e;
        }
        lines.records++;
        Acknowledgement acknowledgement = context.hold();
        if (acknowledgement.isTracked()) {
            held.add(acknowledgement);
        }
        if (lines.size() >= FLUSH_BYTES) {
            flushLines();
        }
        written();
    }

    /** Called after each record is buffered; the file sink rotates here. */
    protected void written() throws IOException {
    }

    /** Bytes of whole lines waiting to be written. */
    protected long pendingBytes() {
        return lines.size();
    }

    /** Writes the waiting lines, flushes and closes the current stream, and opens a new one with {@link #open}. */
    protected void reopen(Runnable betweenCloseAndOpen) throws IOException {
        flushLines();
        out.close();
        betweenCloseAndOpen.run();
        out = open();
    }

    /** Hands every waiting line to the stream in one write, then tells the runtime how many records that was. */
    private void flushLines() throws IOException {
        if (lines.records == 0) {
            return;
        }
        try {
            lines.writeTo(out);
            out.flush();
        } catch (IOException | RuntimeException e) {
            // the lines did not reach the file (or only in part): their sources must not hear "handled"
            lines.reset();
            lines.records = 0;
            held.forEach(a -> a.fail(e));
            held.clear();
            throw e;
        }
        context.written(lines.records);
        lines.reset();
        lines.records = 0;
        held.forEach(Acknowledgement::release);
        held.clear();
    }

    private void flushQuietly() {
        try {
            flushLines();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void onInputsEnded() throws IOException {
        flushLines();
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            try {
                flushLines();
            } finally {
                out.close();
            }
        }
    }

    /** The waiting lines; Jackson may close it after a value, which must not matter. */
    private static final class Lines extends ByteArrayOutputStream {
        /** Records whose lines are waiting. */
        private long records;

        Lines() {
            super(FLUSH_BYTES + 1024);
        }

        void truncate(int size) {
            count = size; // ByteArrayOutputStream's byte count
        }

        @Override
        public void close() {
        }
    }
}
