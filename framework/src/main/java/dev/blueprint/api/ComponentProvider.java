package dev.blueprint.api;

import java.util.List;

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
     * Creates a component instance. Must be cheap and do no I/O: sockets and files are opened in
     * {@link Component#start}.
     */
    Component create(C config);
}
