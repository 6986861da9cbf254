package dev.blueprint.components.file;

import dev.blueprint.components.payload.LineDecoder;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.ComponentInitializationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads a file once, line by line, and finishes at its end. A missing or unreadable file fails the run. */
final class FileSource implements Component {
    private static final Logger log = LoggerFactory.getLogger(FileSource.class);
    private final FileSourceConfig config;
    private ComponentContext context;
    private BufferedReader reader;
    private LineDecoder decoder;

    FileSource(FileSourceConfig config) {
        this.config = config;
    }

    @Override
    public void start(ComponentContext context) {
        this.context = context;
        Path path = context.blueprintDirectory().resolve(config.path()).normalize();
        try {
            reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ComponentInitializationException(context.name() + ": cannot read " + path.toAbsolutePath() + ": "
                    + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        }
        decoder = new LineDecoder(context, config.format());
        log.info("{} - reading {}", context.name(), path);
    }

    @Override
    public void run() throws IOException {
        String line;
        while (!context.isStopping() && (line = reader.readLine()) != null) {
            decoder.accept(line);
        }
    }

    @Override
    public void close() throws IOException {
        if (reader != null) {
            reader.close();
        }
    }
}
