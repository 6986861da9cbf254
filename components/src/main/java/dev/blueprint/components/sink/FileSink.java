package dev.blueprint.components.sink;

import dev.blueprint.api.ComponentInitializationException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** JSON lines into a file. */
final class FileSink extends JsonLinesSink {
    private final SinkConfig config;

    FileSink(SinkConfig config) {
        this.config = config;
    }

    @Override
    OutputStream open() {
        Path path = Path.of(config.path());
        try {
            if (path.toAbsolutePath().getParent() != null) {
                Files.createDirectories(path.toAbsolutePath().getParent());
            }
            return new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    config.append() ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING), 64 * 1024);
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
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + ": " + f.getFile();
        }
        return e.toString();
    }
}
