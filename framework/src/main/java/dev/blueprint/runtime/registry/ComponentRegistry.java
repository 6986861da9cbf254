package dev.blueprint.runtime.registry;

import dev.blueprint.api.BlueprintException;
import dev.blueprint.api.BlueprintValidationException;
import dev.blueprint.api.ComponentProvider;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The component types known to a run: every {@link ComponentProvider} that {@link ServiceLoader} finds
 * on the class path, plus those in the plugin jars given. Built-in types are found the same way.
 */
public final class ComponentRegistry {
    private static final Logger log = LoggerFactory.getLogger(ComponentRegistry.class);
    private final Map<String, ComponentProvider<?>> providers;

    private ComponentRegistry(Map<String, ComponentProvider<?>> providers) {
        this.providers = providers;
    }

    /**
     * Loads providers from the class path and from every {@code *.jar} in the plugin directories.
     *
     * @throws BlueprintValidationException when a plugin directory does not exist
     * @throws BlueprintException when a provider cannot be
     *     instantiated, or two providers claim the same type name
     */
    public static ComponentRegistry load(List<Path> pluginDirs) {
        ClassLoader loader = pluginLoader(pluginDirs);
        Map<String, ComponentProvider<?>> found = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        try {
            for (ComponentProvider<?> provider : ServiceLoader.load(ComponentProvider.class, loader)) {
                ComponentProvider<?> previous = found.putIfAbsent(provider.type(), provider);
                if (previous != null && previous.getClass() != provider.getClass()) {
                    throw new BlueprintException("component type '" + provider.type() + "' is provided twice: by "
                            + previous.getClass().getName() + " and " + provider.getClass().getName()
                            + "; remove one of the jars");
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new BlueprintException("cannot load a component provider: " + e.getMessage(), e);
        }
        log.debug("component types: {}", found.keySet());
        return new ComponentRegistry(found);
    }

    private static ClassLoader pluginLoader(List<Path> dirs) {
        ClassLoader parent = ComponentRegistry.class.getClassLoader();
        List<URL> jars = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                // the user's command line is wrong, like a wrong blueprint: exit code 2
                throw new BlueprintValidationException(List.of("error: plugin directory " + dir
                        + " does not exist or is not a directory; --plugins and BLUEPRINT_PLUGINS name directories of plugin jars"));
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    jars.add(jar.toUri().toURL());
                    log.info("loading plugin jar {}", jar);
                }
            } catch (MalformedURLException e) {
                throw new BlueprintException("bad plugin path in " + dir + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new BlueprintException("cannot list plugin directory " + dir + ": " + e.getMessage(), e);
            }
        }
        return jars.isEmpty() ? parent : new URLClassLoader("blueprint-plugins", jars.toArray(URL[]::new), parent);
    }

    /** The provider of {@code type} (exact spelling). */
    public Optional<ComponentProvider<?>> find(String type) {
        ComponentProvider<?> p = providers.get(type);
        return p != null && p.type().equals(type) ? Optional.of(p) : Optional.empty();
    }

    /** All providers, sorted by type name. */
    public Collection<ComponentProvider<?>> all() {
        return providers.values();
    }

    /** All type names, sorted. */
    public List<String> typeNames() {
        return providers.values().stream().map(ComponentProvider::type).toList();
    }
}
