package dev.blueprint.components.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a worker's stdout into lines of at most {@code maxLineBytes} bytes. A longer line is reported as
 * soon as it passes the limit, without waiting for its end (a worker may never print one), and the rest of
 * it is skipped; so memory stays bounded by the limit whatever the worker prints.
 */
final class LineReader {
    /** What a worker's stdout said next. */
    interface Listener {
        /** One complete line (or the unterminated last one at end of output), without its {@code \n}. */
        void onLine(String line);

        /** A line passed the limit; its rest up to the next newline is skipped. */
        void onLineTooLong(long limit);

        /** Everything the worker printed so far has been handed on, and nothing more is there yet. */
        void onQuiet();
    }

    private static final int CHUNK = 64 * 1024;
    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[CHUNK];
    private int chunkStart;
    private int chunkEnd;
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean skipping;

    LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Reads until end of output, telling {@code to} what it finds. Blocks. */
    void readAll(Listener to) throws IOException {
        while (true) {
            if (chunkStart == chunkEnd) {
                if (lineLength == 0 && !skipping && in.available() == 0) {
                    to.onQuiet();
                }
                int n = in.read(chunk);
                if (n < 0) {
                    if (lineLength > 0) {
                        to.onLine(take());
                    }
                    return;
                }
                chunkStart = 0;
                chunkEnd = n;
            }
            scan(to);
        }
    }

    private void scan(Listener to) {
        int newline = indexOfNewline();
        int end = newline < 0 ? chunkEnd : newline;
        if (skipping) {
            skipping = newline < 0;
        } else if (lineLength + (end - chunkStart) > maxLineBytes) {
            lineLength = 0;
            skipping = newline < 0;
            to.onLineTooLong(maxLineBytes);
        } else {
            append(end);
            if (newline >= 0) {
                to.onLine(take());
            }
        }
        chunkStart = newline < 0 ? chunkEnd : newline + 1;
    }

    private int indexOfNewline() {
        for (int i = chunkStart; i < chunkEnd; i++) {
            if (chunk[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(int end) {
        int count = end - chunkStart;
        if (lineLength + count > line.length) {
            // grows by doubling, never past the limit: the limit is the whole memory a worker can make us hold
            line = Arrays.copyOf(line, (int) Math.min(maxLineBytes, Math.max((long) line.length * 2, lineLength + count)));
        }
        System.arraycopy(chunk, chunkStart, line, lineLength, count);
        lineLength += count;
    }

    private String take() {
        int length = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
        String text = new String(line, 0, length, StandardCharsets.UTF_8);
        lineLength = 0;
        if (line.length > CHUNK) {
            line = new byte[256];
        }
        return text;
    }
}
