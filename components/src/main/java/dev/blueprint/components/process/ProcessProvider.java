package dev.blueprint.components.process;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.ConfigProblem;
import dev.blueprint.api.Streams;
import dev.blueprint.components.jq.JqExpression;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code Process} type: external programs as long-lived workers speaking JSON lines. */
public final class ProcessProvider implements ComponentProvider<ProcessConfig> {
    @Override
    public String type() {
        return "Process";
    }

    @Override
    public String description() {
        return "Runs an external program as a pool of long-lived workers: each record is written to a worker's stdin as a "
                + "JSON line, each JSON line it prints is an output record; crashes and timeouts answer error records.";
    }

    @Override
    public Class<ProcessConfig> configType() {
        return ProcessConfig.class;
    }

    @Override
    public Streams streams(ProcessConfig config) {
        return Streams.processor("output");
    }

    @Override
    public List<ConfigProblem> check(ProcessConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        JqExpression.problem("end_when", config.endWhen()).ifPresent(problems::add);
        JqExpression.problem("request_metrics.error_code", config.requestMetrics().errorCode()).ifPresent(problems::add);
        config.requestMetrics().labels().forEach((label, expression) ->
                JqExpression.problem("request_metrics.labels." + label, expression).ifPresent(problems::add));
        programProblem(config).ifPresent(problems::add);
        return problems;
    }

    @Override
    public List<ConfigProblem> check(ProcessConfig config, Path blueprintDirectory) {
        List<ConfigProblem> problems = new ArrayList<>(check(config));
        Path cwd = config.cwd() == null ? blueprintDirectory : blueprintDirectory.resolve(config.cwd()).normalize();
        if (!Files.isDirectory(cwd)) {
            problems.add(ConfigProblem.error("cwd", "no such directory: " + cwd + " (relative to the blueprint's folder)"));
            return problems;
        }
        String program = config.command().get(0);
        if (program.contains("/")) {
            Path beside = blueprintDirectory.resolve(program).normalize();
            Path inCwd = cwd.resolve(program).normalize();
            if (!Files.isRegularFile(beside) && !Files.isRegularFile(inCwd)) {
                problems.add(ConfigProblem.error("command", "program '" + program + "' not found: no file " + beside
                        + (beside.equals(inCwd) ? "" : " nor " + inCwd) + " (relative paths are resolved against the blueprint's folder)"));
            }
        }
        return problems;
    }

    /** The scripts the workers run (an argument naming a file beside the blueprint): editing one reloads under --watch. */
    @Override
    public List<Path> definitionFiles(ProcessConfig config, Path blueprintDirectory) {
        List<String> resolved = WorkerCommand.resolve(config.command(), blueprintDirectory);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < resolved.size(); i++) {
            if (!resolved.get(i).equals(config.command().get(i)) && Files.isRegularFile(Path.of(resolved.get(i)))) {
                files.add(Path.of(resolved.get(i)));
            }
        }
        return files;
    }

    /**
     * A program given by name alone is looked up on PATH (the worker's env may set its own) now rather than
     * when the first worker starts, so that a typo is a validation error. Paths with a '/' are resolved
     * against the blueprint's directory at start and checked then.
     */
    private static Optional<ConfigProblem> programProblem(ProcessConfig config) {
        String program = config.command().get(0);
        if (program.contains("/")) {
            return Optional.empty();
        }
        String path = config.env().getOrDefault("PATH", System.getenv().getOrDefault("PATH", ""));
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Optional.empty();
            }
        }
        return Optional.of(ConfigProblem.error("command", "program '" + program + "' is not on PATH (" + path
                + "); install it, fix the name, or give its path"));
    }

    @Override
    public Component create(ProcessConfig config) {
        return new ProcessComponent(config);
    }
}
