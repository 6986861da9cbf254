package dev.blueprint.components.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.testing.Tool;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code nats-server} of the test's own with JetStream, its store in {@code dir}. It picks its port itself
 * the first time ({@code -p -1}) and writes it to a ports file; later starts keep that port.
 */
public final class NatsTestServer extends TestBroker {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Starts a server keeping its JetStream store in {@code dir}. */
    public NatsTestServer(Path dir) {
        super(Tool.NATS, dir);
        startOnAnyPort();
    }

    /** nats://127.0.0.1:PORT */
    @Override
    public String url() {
        return "nats://127.0.0.1:" + port();
    }

    @Override
    protected int pickPort() {
        return 0;
    }

    @Override
    protected ProcessBuilder launch(int port) {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "-a", "127.0.0.1", "-p", port == 0 ? "-1" : String.valueOf(port),
                "-js", "-sd", dir.resolve("jetstream").toString(), "--ports_file_dir", dir.toString()));
        return new ProcessBuilder(cmd);
    }

    @Override
    protected boolean listening(Process started) throws IOException {
        return boundPort(started) > 0;
    }

    @Override
    protected int boundPort(Process started) throws IOException {
        // {"nats":["nats://127.0.0.1:43471"]}, written once the client listener is open
        Path file = portsFile(started);
        if (!Files.exists(file)) {
            return -1;
        }
        try {
            return URI.create(JSON.readTree(file.toFile()).path("nats").path(0).asText()).getPort();
        } catch (IOException | IllegalArgumentException e) {
            return -1; // being written
        }
    }

    private Path portsFile(Process started) {
        return dir.resolve(binary.getFileName() + "_" + started.pid() + ".ports");
    }
}
