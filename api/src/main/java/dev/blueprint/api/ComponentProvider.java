package dev.blueprint.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A component type, found through {@link java.util.ServiceLoader}: built-in types and plugin jars
 * register the same way, in {@code META-INF/services/dev.blueprint.api.ComponentProvider}.
 *
 * <p>The config is a Java record bound from the blueprint's {@code config} mapping by Jackson, with
 * snake_case keys ({@code maxConnections} is written {@code max_connections}), unknown keys refused.
 * Every key must have a default, set in the compact constructor when the bound value is null, so that a
 * component with no config does something sensible. Range checks also live there, thrown as
 * {@link ConfigException}. {@link java.time.Duration} accepts seconds or {@code 250ms}/{@code 2s}/{@code 5m};
 * {@link DataSize} accepts bytes or {@code 64KiB}/{@code 1MiB}.
 *
 * <p>Implementations must have a public no-argument constructor and be stateless.
 *
 * @param <C> the config record type
 */
public interface ComponentProvider<C extends java.lang.Record> {

    /** The type name blueprints use, e.g. {@code WebSocket}. */
    String type();

    /** One line saying what the type does. */
    String description();

    /** The config record class. */
    Class<C> configType();

    /** The input and output streams a component with this config has. */
    Streams streams(C config);

    /**
     * Checks a bound config further than its constructor can (compiling expressions, say) and returns
     * warnings and errors, each naming the config key it is about. Must not touch the network or files
     * the run would create. The default finds nothing.
     */
    default List<ConfigProblem> check(C config) {
        return List.of();
    }

    /**
     * {@link #check(java.lang.Record)} with the folder of the blueprint file, against which the relative paths
     * a config names (a file to read, a working directory) are resolved, as {@link ComponentContext#blueprintDirectory()}
     * resolves them at run time: override it to check that what the run will open exists. May read the file
     * system; must not touch the network. The default checks the config alone.
     */
    default List<ConfigProblem> check(C config, Path blueprintDirectory) {
        return check(config);
    }

    /**
     * Files besides the blueprint that define what a component with this config does (a worker script): {@code
     * blueprint run --watch} reloads when one of them changes. Not the data it reads or writes. The default: none.
     */
    default List<Path> definitionFiles(C config, Path blueprintDirectory) {
        return List.of();
    }

    /**
     * The TCP ports a component with this config will listen on, by the config key that sets each
     * ({@code port}, {@code http_port}), so that validation refuses two components on one port before either
     * binds. Leave out 0 (any free port). The default: none.
     */
    default Map<String, Integer> ports(C config) {
        return Map.of();
    }

    /**
     * Creates a component instance. Must be cheap and do no I/O: sockets and files are opened in
     * {@link Component#start}.
     */
    Component create(C config);
}
