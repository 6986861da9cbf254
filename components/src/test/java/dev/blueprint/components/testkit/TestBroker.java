package dev.blueprint.components.testkit;

import static org.awaitility.Awaitility.await;

import dev.blueprint.testing.Tool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A broker a test starts for itself from the installed binary, the way Testcontainers starts an image: on a
 * loopback port of its own, with its data and log in a folder of the test's, stopped and started again by
 * outage tests, and gone when closed. It never touches a server it did not start.
 *
 * <p>A server that can pick its own port reports it (NATS); the others are given a port and the test waits
 * for the server itself to say it is listening: one that cannot bind exits, and is started again on
 * another port. A restart keeps the port, so that clients reconnect to the same address.
 */
public abstract class TestBroker implements AutoCloseable {
    private static final int ATTEMPTS = 5;
    protected final Path dir;
    protected final Path binary;
    private Process process;
    private int port;
    private long logStart;

    protected TestBroker(Tool tool, Path dir) {
        this(tool.require(), dir);
    }

    /** A server started from {@code binary} itself (a JVM running a broker from its jars). */
    protected TestBroker(Path binary, Path dir) {
        this.binary = binary;
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server the first time, on a port it can bind; call once from the subclass's constructor. */
    protected final void startOnAnyPort() {
        for (int attempt = 1; ; attempt++) {
            port = pickPort();
            try {
                start();
                return;
            } catch (NotListening e) {
                if (attempt == ATTEMPTS) {
                    throw new IllegalStateException(e.getMessage() + " (tried " + ATTEMPTS + " ports)");
                }
            }
        }
    }

    /** A port to offer a server that cannot choose one itself; 0 for a server that can. */
    protected int pickPort() {
        // below Linux's ephemeral range (32768-60999), so that no client's outgoing connection holds it
        return ThreadLocalRandom.current().nextInt(20000, 32000);
    }

    /** The port the server listens on. */
    public final int port() {
        return port;
    }

    /** The folder with the server's data and log. */
    public final Path dir() {
        return dir;
    }

    /** The URL clients connect to. */
    public abstract String url();

    /**
     * Starts the server (again, on its port) and waits until it accepts clients.
     *
     * @throws IllegalStateException when it is running already (the constructor started it): a second server on
     *         its port could only fail, and the first would be left behind
     */
    public void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(getClass().getSimpleName() + " is running already on port " + port
                    + " (the constructor starts it); stop() it before start()");
        }
        try {
            logStart = Files.exists(log()) ? Files.size(log()) : 0;
            process = launch(port).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process started = process;
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !started.isAlive() || listening(started));
        } catch (RuntimeException e) {
            end(started, true);
            throw new IllegalStateException(getClass().getSimpleName() + " did not start within 60 s; its log: " + log(), e);
        }
        if (!started.isAlive()) {
            throw new NotListening(getClass().getSimpleName() + " exited at start on port " + port + "; its log: " + log());
        }
        try {
            port = boundPort(started);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's own log (its standard output and error). */
    public final Path log() {
        return dir.resolve(getClass().getSimpleName() + ".log");
    }

    /** The command that starts the server on {@code port} (0: its choice), in the foreground. */
    protected abstract ProcessBuilder launch(int port);

    /** Whether the server started as {@code started} says it is listening (its log line, ports file or control tool). */
    protected abstract boolean listening(Process started) throws IOException;

    /** The port the server bound; by default the one it was given. */
    protected int boundPort(Process started) throws IOException {
        return port;
    }

    /** The running server's process. */
    protected final Process process() {
        return process;
    }

    /** Stops the server (SIGTERM: it saves its data and exits) and waits until it is gone. */
    public void stop() {
        end(process, false);
    }

    /** Kills the server (SIGKILL: connections with unread data are reset) and waits until it is gone. */
    public void kill() {
        end(process, true);
    }

    /** Whether something accepts connections on the server's port now. */
    public final boolean accepting() {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the server is running now. */
    public final boolean running() {
        return process != null && process.isAlive();
    }

    /** What the server logged since this start (an earlier start's lines do not count). */
    protected final String logSinceStart() throws IOException {
        if (!Files.exists(log())) {
            return "";
        }
        byte[] all = Files.readAllBytes(log());
        return new String(all, (int) Math.min(logStart, all.length), (int) Math.max(0, all.length - logStart),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void end(Process p, boolean forcibly) {
        if (p == null || !p.isAlive()) {
            return;
        }
        List<ProcessHandle> children = p.descendants().toList();
        if (forcibly) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** Stops the server at once; its folder stays for the test's temp-dir clean-up. */
    @Override
    public void close() {
        end(process, true);
    }

    /** The server exited before listening (another process holds its port, most likely). */
    private static final class NotListening extends IllegalStateException {
        NotListening(String message) {
            super(message);
        }
    }
}
