package dev.blueprint.components.testkit;

import dev.blueprint.testing.Tool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@code redis-server} of the test's own, its data in {@code dir} (append-only file, fsync on every write)
 * so that it can be stopped and started again like a restarted production server.
 */
public final class RedisTestServer extends TestBroker {

    /** Starts a server keeping its data in {@code dir}. */
    public RedisTestServer(Path dir) {
        super(Tool.REDIS, dir);
        startOnAnyPort();
    }

    /** redis://127.0.0.1:PORT */
    @Override
    public String url() {
        return "redis://127.0.0.1:" + port();
    }

    @Override
    protected ProcessBuilder launch(int port) {
        return new ProcessBuilder(List.of(binary.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", dir.toString(), "--daemonize", "no"));
    }

    @Override
    protected boolean listening(Process started) throws IOException {
        // printed once the listening socket is open; a server that cannot bind exits instead
        return logSinceStart().contains("Ready to accept connections");
    }
}
