package dev.blueprint.components.testkit;

import dev.blueprint.testing.Tool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Mosquitto of the test's own, anonymous clients allowed, with persistence in {@code dir}: a stop
 * (SIGTERM) saves the sessions and their queued messages, and a start restores them.
 */
public final class MosquittoTestServer extends TestBroker {

    /** Starts a broker keeping its data in {@code dir}. */
    public MosquittoTestServer(Path dir) {
        super(Tool.MOSQUITTO, dir);
        startOnAnyPort();
    }

    /** tcp://127.0.0.1:PORT */
    @Override
    public String url() {
        return "tcp://127.0.0.1:" + port();
    }

    /** Its own log file, written line by line (its standard output to a file is buffered): emptied at each start. */
    private Path mosquittoLog() {
        return dir.resolve("mosquitto.log");
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    @Override
    protected ProcessBuilder launch(int port) {
        Path conf = dir.resolve("mosquitto.conf");
        try {
            Files.deleteIfExists(mosquittoLog());
            // "user root" keeps mosquitto from switching to its own user, who could not write the test's folder
            Files.writeString(conf, String.join("\n", "listener " + port + " 127.0.0.1", "allow_anonymous true",
                    "persistence true", "persistence_location " + dir + "/", "autosave_interval 1", "log_dest file " + mosquittoLog(),
                    "user " + System.getProperty("user.name"), ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ProcessBuilder(List.of(binary.toString(), "-c", conf.toString()));
    }

    @Override
    protected boolean listening(Process started) throws IOException {
        // printed once every listener is open; one that cannot bind makes it exit instead
        return read(mosquittoLog()).contains(" running");
    }
}
