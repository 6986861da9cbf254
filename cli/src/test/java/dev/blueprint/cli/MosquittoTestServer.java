package dev.blueprint.cli;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A Mosquitto of the test's own, from the installed binary, on loopback, its config and log in a folder of the
 * test's: the machine's broker is never touched. Mosquitto 2.0 takes no port 0 (it means a Unix socket), so a
 * port is chosen at random and Mosquitto binds it itself; when it is taken Mosquitto exits and another is tried
 * (no port is probed and released first). A missing binary skips the test outside CI and fails it in CI.
 */
final class MosquittoTestServer implements AutoCloseable {
    private final Path dir;
    private final String extraConfig;
    private Process process;
    private int port;

    private MosquittoTestServer(Path dir, String extraConfig) {
        this.dir = dir;
        this.extraConfig = extraConfig;
    }

    /** Starts one with {@code extraConfig} lines added to its config (limits, say). */
    static MosquittoTestServer start(Path dir, String extraConfig) {
        if (!Files.isExecutable(Path.of("/usr/sbin/mosquitto"))) {
            String reason = "mosquitto is not installed (apt-get install mosquitto)";
            if (System.getenv("CI") != null) {
                throw new AssertionError(reason);
            }
            Assumptions.abort(reason);
        }
        MosquittoTestServer server = new MosquittoTestServer(dir, extraConfig);
        server.startOnSomePort();
        return server;
    }

    private void startOnSomePort() {
        for (int attempt = 0; attempt < 20; attempt++) {
            port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            Path conf = dir.resolve("mosquitto.conf");
            Path logFile = dir.resolve("mosquitto.log");
            try {
                Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                        + "log_dest stdout\n" + extraConfig + "\n");
                process = new ProcessBuilder(List.of("/usr/sbin/mosquitto", "-c", conf.toString())).redirectErrorStream(true)
                        .redirectOutput(logFile.toFile()).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            await("mosquitto listening on " + port + " or exited").atMost(Duration.ofSeconds(10))
                    .until(() -> !process.isAlive() || accepts());
            if (process.isAlive()) {
                return;
            }
        }
        throw new AssertionError("mosquitto could not bind a port in 20 attempts; its last log:\n" + log());
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** tcp://127.0.0.1:PORT */
    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** What it logged so far. */
    String log() {
        try {
            return Files.readString(dir.resolve("mosquitto.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
