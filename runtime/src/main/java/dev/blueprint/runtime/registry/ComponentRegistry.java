package dev.blueprint.runtime.registry;

import dev.blueprint.api.BlueprintException;
import dev.blueprint.api.BlueprintValidationException;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.VariantProvider;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
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
 * on the class path, plus those in the plugin jars given. Built-in types are found the same way. A type
 * is either one plain provider or a {@link VariantSet} of {@link VariantProvider}s sharing its name.
 */
public final class ComponentRegistry {
    private static final Logger log = LoggerFactory.getLogger(ComponentRegistry.class);
    private final Map<String, ComponentProvider<?>> providers;
    private final Map<String, VariantSet> variantSets;

    private ComponentRegistry(Map<String, ComponentProvider<?>> providers, Map<String, VariantSet> variantSets) {
        this.providers = providers;
        this.variantSets = variantSets;
    }

    /**
     * Loads providers from the class path and from every {@code *.jar} in the plugin directories.
     *
     * @throws BlueprintValidationException when a plugin directory does not exist
     * @throws BlueprintException when a provider cannot be instantiated, two providers claim the same type
     *     or variant name, a type is both plain and a set of variants, or a set has no single default
     */
    public static ComponentRegistry load(List<Path> pluginDirs) {
        ClassLoader loader = pluginLoader(pluginDirs);
        Map<String, ComponentProvider<?>> found = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Map<String, Map<String, VariantProvider<?>>> variants = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        try {
            for (ComponentProvider<?> provider : ServiceLoader.load(ComponentProvider.class, loader)) {
                if (provider instanceof VariantProvider<?> v) {
                    addVariant(variants.computeIfAbsent(v.type(), t -> new LinkedHashMap<>()), v);
                    continue;
                }
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
        Map<String, VariantSet> sets = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        variants.forEach((type, byName) -> sets.put(type, variantSet(type, byName, found)));
        log.debug("component types: {}, with variants: {}", found.keySet(), sets.keySet());
        return new ComponentRegistry(found, sets);
    }

    private static void addVariant(Map<String, VariantProvider<?>> byName, VariantProvider<?> v) {
        VariantProvider<?> previous = byName.putIfAbsent(v.variant(), v);
        if (previous != null && previous.getClass() != v.getClass()) {
            throw new BlueprintException("variant '" + v.variant() + "' of type '" + v.type() + "' is provided twice: by "
                    + previous.getClass().getName() + " and " + v.getClass().getName() + "; remove one of the jars");
        }
    }

    private static VariantSet variantSet(String type, Map<String, VariantProvider<?>> byName, Map<String, ComponentProvider<?>> plain) {
        if (plain.containsKey(type)) {
            throw new BlueprintException("component type '" + type + "' is provided as a type by " + plain.get(type).getClass().getName()
                    + " and has variants (" + String.join(", ", byName.keySet()) + "); a type is one or the other");
        }
        List<VariantProvider<?>> defaults = byName.values().stream().filter(VariantProvider::isDefault).toList();
        if (defaults.size() != 1) {
            throw new BlueprintException("component type '" + type + "' needs exactly one default variant, has "
                    + (defaults.isEmpty() ? "none" : defaults.stream().map(VariantProvider::variant).toList()) + " among "
                    + String.join(", ", byName.keySet()));
        }
        return new VariantSet(type, byName, defaults.get(0));
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

    /** The provider of the plain type {@code type} (exact spelling); empty for a type with variants. */
    public Optional<ComponentProvider<?>> find(String type) {
        ComponentProvider<?> p = providers.get(type);
        return p != null && p.type().equals(type) ? Optional.of(p) : Optional.empty();
    }

    /** The variants of {@code type} (exact spelling); empty for a plain type. */
    public Optional<VariantSet> variants(String type) {
        VariantSet set = variantSets.get(type);
        return set != null && set.type().equals(type) ? Optional.of(set) : Optional.empty();
    }

    /** All providers, plain types and each variant, sorted by type name (variants in registration order). */
    public Collection<ComponentProvider<?>> all() {
        List<ComponentProvider<?>> all = new ArrayList<>(providers.values());
        variantSets.values().forEach(set -> all.addAll(set.providers()));
        all.sort(Comparator.comparing(ComponentProvider::type, String.CASE_INSENSITIVE_ORDER));
        return all;
    }

    /** All type names, plain and with variants, sorted. */
    public List<String> typeNames() {
        List<String> names = new ArrayList<>(providers.values().stream().map(ComponentProvider::type).toList());
        variantSets.values().forEach(set -> names.add(set.type()));
        names.sort(String.CASE_INSENSITIVE_ORDER);
        return names;
    }
}
