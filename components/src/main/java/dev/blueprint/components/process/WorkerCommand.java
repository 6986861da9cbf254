package dev.blueprint.components.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The argv, working directory and environment of the workers, resolved against the blueprint's directory. */
final class WorkerCommand {
    private final List<String> argv;
    private final Path cwd;
    private final ProcessConfig config;

    WorkerCommand(ProcessConfig config, Path blueprintDirectory) {
        this.config = config;
        this.argv = resolve(config.command(), blueprintDirectory);
        this.cwd = config.cwd() == null ? blueprintDirectory : blueprintDirectory.resolve(config.cwd()).normalize();
    }

    /**
     * Replaces each relative argument that contains a {@code /} and names an existing file beside the
     * blueprint by its absolute path, so that {@code [python3, workers/model.py]} works from any working
     * directory while {@code python3} is still looked up on PATH and options stay untouched.
     */
    static List<String> resolve(List<String> command, Path blueprintDirectory) {
        List<String> out = new ArrayList<>(command.size());
        for (String arg : command) {
            if (arg.contains("/") && !arg.startsWith("-") && !Path.of(arg).isAbsolute()
                    && Files.exists(blueprintDirectory.resolve(arg))) {
                out.add(blueprintDirectory.resolve(arg).normalize().toString());
            } else {
                out.add(arg);
            }
        }
        return List.copyOf(out);
    }

    List<String> argv() {
        return argv;
    }

    Path cwd() {
        return cwd;
    }

    /** Starts one worker process; stdin, stdout and stderr are pipes. */
    Process start() throws java.io.IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile());
        pb.environment().putAll(config.env());
        return pb.start();
    }

    @Override
    public String toString() {
        return String.join(" ", argv) + " (in " + cwd + ")";
    }
}
