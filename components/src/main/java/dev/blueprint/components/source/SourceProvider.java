package dev.blueprint.components.source;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.ConfigProblem;
import dev.blueprint.api.Streams;
import dev.blueprint.components.config.VariantKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code Source} type: produces records; {@code variant} chooses how. */
public final class SourceProvider implements ComponentProvider<SourceConfig> {
    @Override
    public String type() {
        return "Source";
    }

    @Override
    public String description() {
        return "Produces records: generator (a bare Source emits one sample record per second), file, stdin, http, system_metrics, redis (pub/sub or a stream).";
    }

    @Override
    public Class<SourceConfig> configType() {
        return SourceConfig.class;
    }

    @Override
    public Streams streams(SourceConfig config) {
        return Streams.source();
    }

    @Override
    public List<ConfigProblem> check(SourceConfig config) {
        return VariantKeys.unused(config, config.variant().toString(), config.variant().keys);
    }

    @Override
    public List<ConfigProblem> check(SourceConfig config, Path blueprintDirectory) {
        List<ConfigProblem> problems = new ArrayList<>(check(config));
        // a file that is followed may appear later (tail -F); one read once must be there now
        if (config.variant() == SourceConfig.Variant.FILE && !config.follow()) {
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
    public Map<String, Integer> ports(SourceConfig config) {
        return config.variant() == SourceConfig.Variant.HTTP ? Map.of("port", config.port()) : Map.of();
    }

    @Override
    public Component create(SourceConfig config) {
        return switch (config.variant()) {
            case GENERATOR -> new GeneratorSource(config);
            case FILE -> config.follow() ? new TailingFileSource(config) : new FileSource(config);
            case STDIN -> new StdinSource(config);
            case HTTP -> new HttpSource(config);
            case SYSTEM_METRICS -> new SystemMetricsSource(config);
            case REDIS -> config.mode() == SourceConfig.RedisMode.STREAM ? new RedisStreamSource(config) : new RedisPubSubSource(config);
        };
    }
}
