package dev.blueprint.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.ComponentInitializationException;
import dev.blueprint.ops.OpsServer;
import dev.blueprint.runtime.exec.Pipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code run --ready-file PATH}: once every component has started, a JSON file naming the ports the run
 * actually bound, so that a script (or a test) can use port 0 and still find its servers:
 * {@code {"pid":4242,"ops_port":41234,"components":{"ws":{"http_port":40111,"port":40110}}}}. {@code ops_port}
 * is null when the ops server is off. Written whole (a temporary file moved into place), so that a reader
 * never sees half of it; replaced after each reload under {@code --watch}.
 */
final class ReadyFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReadyFile() {
    }

    /** Writes the file for {@code pipeline} (started) and {@code ops} (null when off); nothing when {@code file} is null. */
    static void write(Path file, Pipeline pipeline, OpsServer ops) {
        if (file == null) {
            return;
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("pid", ProcessHandle.current().pid());
        if (ops == null) {
            root.putNull("ops_port");
        } else {
            root.put("ops_port", ops.port());
        }
        ObjectNode components = root.putObject("components");
        pipeline.listeningPorts().forEach((name, ports) -> ports.forEach(components.putObject(name)::put));
        Path absolute = file.toAbsolutePath();
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
        try {
            Files.writeString(partial, JSON.writeValueAsString(root) + "\n");
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ComponentInitializationException("--ready-file: cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
