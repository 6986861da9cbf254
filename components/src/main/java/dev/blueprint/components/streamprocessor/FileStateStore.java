package dev.blueprint.components.streamprocessor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** A checkpoint in a local file: written to a file beside it, forced to disk, then renamed over it. */
final class FileStateStore implements StateStore {
    private final Path file;
    private final Path next;

    FileStateStore(Path file) throws IOException {
        this.file = file;
        this.next = file.resolveSibling(file.getFileName() + ".next");
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
    }

    @Override
    public byte[] load() throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public void save(byte[] state) throws IOException {
        try (FileChannel ch = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(state);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public String display() {
        return file.toString();
    }
}
