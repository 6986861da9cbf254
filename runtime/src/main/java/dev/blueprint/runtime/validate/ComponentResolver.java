package dev.blueprint.runtime.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.ConfigProblem;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;
import dev.blueprint.runtime.model.ComponentDecl;
import dev.blueprint.runtime.registry.ComponentRegistry;
import dev.blueprint.runtime.registry.ConfigDescriber;
import dev.blueprint.runtime.registry.VariantSet;
import dev.blueprint.runtime.yaml.Location;
import dev.blueprint.runtime.yaml.YamlDocument;
import dev.blueprint.runtime.yaml.YamlLoader;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Resolves {@code system.components}: each name checked, its type (and variant) found in the registry, its config
 * (with the {@code --set} overrides merged in) bound to the provider's record and checked by the provider, and the
 * ports it listens on checked against the others'.
 */
final class ComponentResolver {
    private static final List<String> COMPONENT_KEYS = List.of("name", "type", "config", "description");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private final ComponentRegistry registry;
    private final YamlDocument doc;
    private final Problems problems;
    private final NodeChecks checks;
    private final Map<String, ComponentDecl> components = new LinkedHashMap<>();
    private final Map<String, Location> declared = new LinkedHashMap<>();
    /** Who listens on each port: "component.config.key", the first that claimed it. */
    private final Map<Integer, String> listeners = new HashMap<>();

    ComponentResolver(ComponentRegistry registry, YamlDocument doc, Problems problems, NodeChecks checks) {
        this.registry = registry;
        this.doc = doc;
        this.problems = problems;
        this.checks = checks;
    }

    /** Resolves every component of {@code system}, with {@code overrides} (by component name) over their configs. */
    ResolvedComponents resolve(JsonNode system, Map<String, ObjectNode> overrides) {
        JsonNode list = system.get("components");
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.error(list == null ? doc.valueAt("/system") : doc.valueAt("/system/components"),
                    "system.components must be a non-empty list of components, each with a name and a type");
        } else {
            for (int i = 0; i < list.size(); i++) {
                component(list.get(i), "/system/components/" + i, overrides);
            }
        }
        return new ResolvedComponents(components, declared);
    }

    @SuppressWarnings("unchecked")
    private void component(JsonNode c, String pointer, Map<String, ObjectNode> overrides) {
        if (!c.isObject()) {
            problems.error(doc.valueAt(pointer), "a component is a mapping with 'name', 'type' and optional 'config'");
            return;
        }
        checks.unknownKeys(c, pointer, COMPONENT_KEYS, "a component");
        String name = checks.requiredText(c, pointer, "name", "a component");
        String type = checks.requiredText(c, pointer, "type", "component" + (name == null ? "" : " '" + name + "'"));
        if (name == null) {
            return;
        }
        if (!NAME.matcher(name).matches()) {
            problems.error(doc.valueAt(pointer + "/name"), "component name '" + name
                    + "' must start with a letter or '_' and hold only letters, digits, '_' and '-'");
        }
        Location first = declared.putIfAbsent(name, doc.valueAt(pointer));
        if (first != null) {
            problems.error(doc.valueAt(pointer + "/name"), "duplicate component name '" + name + "' (first declared at line "
                    + first.line() + "); names must be unique");
            return;
        }
        if (type == null) {
            return;
        }
        if (registry.find(type).isEmpty() && registry.variants(type).isEmpty()) {
            problems.error(doc.valueAt(pointer + "/type"), "unknown component type '" + type + "'"
                    + Suggestions.didYouMean(type, registry.typeNames()) + " Known types: " + String.join(", ", registry.typeNames())
                    + " (types from plugin jars need --plugins DIR)");
            return;
        }
        JsonNode config = c.get("config");
        if (config != null && !config.isObject() && !config.isNull()) {
            problems.error(doc.valueAt(pointer + "/config"), name + ".config must be a mapping of keys to values");
            return;
        }
        ObjectNode merged = config == null || config.isNull() ? JsonNodeFactory.instance.objectNode() : ((ObjectNode) config).deepCopy();
        if (overrides.containsKey(name)) {
            ConfigOverrides.merge(merged, overrides.get(name));
        }
        var provider = registry.find(type).or(() -> registry.variants(type)
                .flatMap(set -> variant(name, set, merged, pointer + "/config/variant")));
        if (provider.isEmpty()) {
            return;
        }
        ComponentProvider<java.lang.Record> p = (ComponentProvider<java.lang.Record>) provider.get();
        boolean keysKnown = knownConfigKeys(name, p, merged, pointer + "/config");
        var bound = new ConfigBinder(doc, problems).bind(name, p, merged, pointer + "/config");
        if (bound.isEmpty() || !keysKnown) {
            return;
        }
        Streams streams;
        try {
            streams = p.streams(bound.get());
            for (ConfigProblem cp : p.check(bound.get(), BlueprintLoader.blueprintDirectory(doc.file()))) {
                String where = cp.key().isEmpty() ? pointer : pointer + "/config/" + cp.key().replace('.', '/');
                String message = name + (cp.key().isEmpty() ? "" : ".config." + cp.key()) + ": " + cp.message();
                if (cp.error()) {
                    problems.error(doc.valueAt(where), message);
                } else {
                    problems.warning(doc.valueAt(where), message);
                }
            }
        } catch (RuntimeException e) {
            problems.error(doc.valueAt(pointer), name + ": " + e.getMessage());
            return;
        }
        ports(name, p.ports(bound.get()), pointer + "/config/");
        components.put(name, new ComponentDecl(name, p.type(), p, bound.get(), streams, doc.valueAt(pointer)));
    }

    /** Two components (or two keys of one) listening on one port: the second would fail to bind at run time. */
    private void ports(String name, Map<String, Integer> ports, String configPointer) {
        ports.forEach((key, port) -> {
            if (port == null || port == 0) {
                return;
            }
            String who = name + ".config." + key;
            String first = listeners.putIfAbsent(port, who);
            if (first != null) {
                problems.error(doc.valueAt(configPointer + key.replace('.', '/')), who + ": port " + port + " is already taken by "
                        + first + "; two listeners cannot share a port: give one another port (or 0 for any free one)");
            }
        });
    }

    /**
     * Resolves the variant a component of a type with variants is, from its {@code variant} key (taken
     * out of {@code config}: it is not part of the variant's own record) or the type's default.
     */
    private Optional<ComponentProvider<?>> variant(String name, VariantSet set, ObjectNode config, String pointer) {
        JsonNode chosen = config.remove("variant");
        if (chosen == null || chosen.isNull()) {
            return Optional.of(set.defaultVariant());
        }
        Optional<ComponentProvider<?>> found = chosen.isTextual() ? set.find(chosen.asText()).map(v -> v) : Optional.empty();
        if (found.isEmpty()) {
            String shown = chosen.isTextual() ? "'" + chosen.asText() + "'" : chosen.toString();
            problems.error(doc.valueAt(pointer), name + ".config.variant: unknown " + set.type() + " variant " + shown
                    + (chosen.isTextual() ? Suggestions.didYouMean(chosen.asText(), set.names()) : "")
                    + " Known variants: " + String.join(", ", set.names()) + " (variants from plugin jars need --plugins DIR)");
        }
        return found;
    }

    /**
     * Reports every unknown top-level config key at once (Jackson would stop at the first) and removes
     * them, so that binding can still find the errors in the known keys.
     */
    private boolean knownConfigKeys(String name, ComponentProvider<?> p, ObjectNode config, String pointer) {
        List<String> allowed = ConfigDescriber.keyNames(p.configType());
        boolean ok = true;
        for (var it = config.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!allowed.contains(key)) {
                ok = false;
                it.remove();
                Location where = doc.keyAt(pointer + "/" + YamlLoader.escape(key));
                List<String> owners = p instanceof VariantProvider<?> v
                        ? registry.variants(p.type()).map(set -> set.owners(key)).orElse(List.of()) : List.of();
                if (!owners.isEmpty()) {
                    VariantProvider<?> v = (VariantProvider<?>) p;
                    problems.error(where, name + ".config: key '" + key + "' belongs to " + p.type() + " variant"
                            + (owners.size() == 1 ? " '" + owners.get(0) + "'" : "s " + owners.stream().map(o -> "'" + o + "'")
                                    .collect(Collectors.joining(", ")))
                            + ", not '" + v.variant() + "'" + (allowed.isEmpty() ? "; '" + v.variant() + "' takes no config keys"
                                    : "; '" + v.variant() + "' takes " + String.join(", ", allowed)));
                    continue;
                }
                problems.error(where, "unknown config key '" + key + "' for " + describe(p)
                        + " '" + name + "'" + Suggestions.didYouMean(key, allowed)
                        + (allowed.isEmpty() ? " " + describe(p) + " takes no config keys." : " Allowed keys: " + String.join(", ", allowed)));
            }
        }
        return ok;
    }

    private static String describe(ComponentProvider<?> p) {
        return p instanceof VariantProvider<?> v ? p.type() + " (variant " + v.variant() + ")" : p.type();
    }
}
