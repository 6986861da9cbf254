package dev.blueprint.components.file;

import dev.blueprint.components.payload.LineDecoder;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a file like {@code tail -F}: reads it from the start, then polls for new lines every 100 ms
 * until stopped. When the path names a new file (rotation) the rest of the old one is read and the new
 * one is read from its start; when the file shrinks (truncation) reading restarts at its start. A missing
 * file is waited for.
 */
final class TailingFileSource implements Component {
    private static final Logger log = LoggerFactory.getLogger(TailingFileSource.class);
    private static final long POLL_MILLIS = 100;
    private final FileSourceConfig config;
    private Path path;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private ComponentContext context;
    private LineDecoder decoder;
    private FileChannel channel;
    private Object fileKey;
    private long position;
    private boolean warnedMissing;

    TailingFileSource(FileSourceConfig config) {
        this.config = config;
    }

    @Override
    public void start(ComponentContext context) {
        this.context = context;
        this.path = context.blueprintDirectory().resolve(config.path()).normalize();
        this.decoder = new LineDecoder(context, config.format());
        log.info("{} - following {}", context.name(), path);
    }

    @Override
    public void run() throws IOException, InterruptedException {
        try {
            while (!context.isStopping()) {
                if (channel == null && !open()) {
                    pause();
                    continue;
                }
                if (readAvailable() == 0) {
                    checkRotationOrTruncation();
                    pause();
                }
            }
        } finally {
            closeChannel();
        }
    }

    private void pause() throws InterruptedException {
        stopped.await(POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private boolean open() throws IOException {
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            position = 0;
            warnedMissing = false;
            return true;
        } catch (NoSuchFileException e) {
            if (!warnedMissing) {
                log.warn("{} - {} does not exist (yet); waiting for it", context.name(), path);
                warnedMissing = true;
            }
            return false;
        }
    }

    /** Reads what is there, emitting complete lines; returns the number of bytes read. */
    private int readAvailable() throws IOException {
        buffer.clear();
        int n = channel.read(buffer, position);
        if (n <= 0) {
            return 0;
        }
        position += n;
        byte[] bytes = buffer.array();
        int lineStart = 0;
        for (int i = 0; i < n; i++) {
            if (bytes[i] == '\n') {
                partial.write(bytes, lineStart, i - lineStart);
                emitPartial();
                lineStart = i + 1;
            }
        }
        partial.write(bytes, lineStart, n - lineStart);
        return n;
    }

    private void emitPartial() {
        String line = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        decoder.accept(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }

    private void checkRotationOrTruncation() throws IOException {
        Object currentKey;
        long size;
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
            currentKey = attrs.fileKey();
            size = attrs.size();
        } catch (NoSuchFileException e) {
            return; // rotated away and not yet recreated: keep the old file until a new one appears
        }
        if (!Objects.equals(currentKey, fileKey)) {
            log.info("{} - {} was rotated; reading the new file", context.name(), path);
            if (partial.size() > 0) {
                emitPartial();
            }
            closeChannel();
        } else if (size < position) {
            log.warn("{} - {} was truncated; reading from its start", context.name(), path);
            partial.reset();
            position = 0;
        }
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    @Override
    public void stop() {
        stopped.countDown();
    }
}
