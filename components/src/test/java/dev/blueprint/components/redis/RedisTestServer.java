package dev.blueprint.components.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway {@code redis-server} on a free loopback port, with its data in {@code dir} (append-only file,
 * fsync on every write) so that it can be stopped and started again like a restarted production server.
 * Never touches the shared server.
 */
public final class RedisTestServer implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;

    /** Starts a server keeping its data in {@code dir}. */
    public RedisTestServer(Path dir) throws IOException {
        this.dir = dir;
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
        start();
    }

    /** redis://127.0.0.1:PORT */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server (again) and waits until it accepts connections. */
    public void start() throws IOException {
        process = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", dir.toString(), "--daemonize", "no"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).until(this::accepts);
    }

    /** Stops the server (SIGTERM: it writes its data and exits) and waits until its port is closed. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !accepts());
    }

    /** Kills the server (SIGKILL: connections with unread data are reset) and waits until its port is closed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
        await().atMost(Duration.ofSeconds(10)).until(() -> !accepts());
    }

    private boolean accepts() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }
}
