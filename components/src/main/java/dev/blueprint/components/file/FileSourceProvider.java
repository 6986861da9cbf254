package dev.blueprint.components.file;

import dev.blueprint.api.Component;
import dev.blueprint.api.ConfigProblem;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code Source} variant {@code file}: reads JSON lines or plain lines from a file, optionally following it as it grows. */
public final class FileSourceProvider implements VariantProvider<FileSourceConfig> {
    @Override
    public String type() {
        return "Source";
    }

    @Override
    public String variant() {
        return "file";
    }

    @Override
    public String description() {
        return "Reads JSON lines or plain lines from a file, optionally following it as it grows.";
    }

    @Override
    public Class<FileSourceConfig> configType() {
        return FileSourceConfig.class;
    }

    @Override
    public Streams streams(FileSourceConfig config) {
        return Streams.source();
    }

    @Override
    public List<ConfigProblem> check(FileSourceConfig config, Path blueprintDirectory) {
        List<ConfigProblem> problems = new ArrayList<>(check(config));
        // a file that is followed may appear later (tail -F); one read once must be there now
        if (!config.follow()) {
            Path file = blueprintDirectory.resolve(config.path()).normalize();
            if (!Files.isRegularFile(file)) {
                problems.add(ConfigProblem.error("path", (Files.exists(file) ? "is not a regular file: " : "no such file: ") + file
                        + (Path.of(config.path()).isAbsolute() ? "" : " (relative paths are resolved against the blueprint's folder)")));
            } else if (!Files.isReadable(file)) {
                problems.add(ConfigProblem.error("path", "cannot be read (permission denied): " + file));
            }
        }
        return problems;
    }

    @Override
    public Component create(FileSourceConfig config) {
        return config.follow() ? new TailingFileSource(config) : new FileSource(config);
    }
}
