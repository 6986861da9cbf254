package dev.blueprint.runtime.registry;

import dev.blueprint.api.VariantProvider;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variants of one component type ({@code Source}, say), in the order they were registered (built-ins
 * first), with the one a component gets when its config names none.
 *
 * @param type the type name
 * @param byName the variants by name
 * @param defaultVariant the variant chosen without a {@code variant} key
 */
public record VariantSet(String type, Map<String, VariantProvider<?>> byName, VariantProvider<?> defaultVariant) {

    public VariantSet {
        byName = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byName));
    }

    /** The variant called {@code name}, spelt as registered or in another case. */
    public Optional<VariantProvider<?>> find(String name) {
        VariantProvider<?> exact = byName.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        return byName.values().stream().filter(v -> v.variant().equalsIgnoreCase(name)).findFirst();
    }

    /** The variant names, in registration order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The variants, in registration order. */
    public Collection<VariantProvider<?>> providers() {
        return byName.values();
    }

    /** The names of the variants whose config has {@code key}, in registration order. */
    public List<String> owners(String key) {
        return byName.values().stream().filter(v -> ConfigDescriber.keyNames(v.configType()).contains(key))
                .map(VariantProvider::variant).toList();
    }
}
