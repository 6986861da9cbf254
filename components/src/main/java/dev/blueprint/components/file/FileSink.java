package dev.blueprint.components.file;

import dev.blueprint.api.ComponentInitializationException;
import dev.blueprint.components.payload.JsonLinesSink;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * JSON lines into a file. With {@code rotate_bytes}, once the file has reached that size (checked after
 * each record, so a file holds whole lines) it is renamed to {@code path.N} (N = 1, 2, ..., the next free
 * number) and a new file is started.
 */
final class FileSink extends JsonLinesSink {
    private final FileSinkConfig config;
    private Path path;
    private long size;

    FileSink(FileSinkConfig config) {
        this.config = config;
    }

    @Override
    public void start(dev.blueprint.api.ComponentContext context) throws IOException {
        // relative to the blueprint's folder, as validation checked it: the same file from any working directory
        path = context.blueprintDirectory().resolve(config.path()).normalize();
        super.start(context);
    }

    @Override
    protected OutputStream open() {
        try {
            if (path.toAbsolutePath().getParent() != null) {
                Files.createDirectories(path.toAbsolutePath().getParent());
            }
            // a FileOutputStream, not a channel: an interrupt (a forced stop) must not abort a write half-way
            OutputStream file = new FileOutputStream(path.toFile(), config.append());
            size = Files.size(path);
            return new Counting(file);
        } catch (IOException e) {
            throw new ComponentInitializationException("cannot open " + path + " for writing: " + reason(e), e);
        }
    }

    /** NIO's messages are often the bare file name; say what went wrong with it. */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException a) {
            return "permission denied on " + a.getFile();
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file or directory: " + n.getFile();
        }
        if (e instanceof java.io.FileNotFoundException) {
            return e.getMessage(); // "path (Permission denied)", say
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + ": " + f.getFile();
        }
        return e.toString();
    }

    @Override
    protected void written() throws IOException {
        if (config.rotateBytes() != null && size + pendingBytes() >= config.rotateBytes().bytes()) {
            reopen(this::rotate);
        }
    }

    private void rotate() {
        try {
            int n = 1;
            while (Files.exists(Path.of(path + "." + n))) {
                n++;
            }
            Files.move(path, Path.of(path + "." + n));
            size = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rotate " + path, e);
        }
    }

    /** Counts bytes written to the file. */
    private final class Counting extends FilterOutputStream {
        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            size += len;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            size++;
        }
    }
}
