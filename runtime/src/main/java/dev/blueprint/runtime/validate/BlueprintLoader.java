package dev.blueprint.runtime.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.BlueprintValidationException;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.ConfigProblem;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;
import dev.blueprint.runtime.inspect.TapRedaction;
import dev.blueprint.runtime.json.BlueprintJson;
import dev.blueprint.runtime.json.DurationText;
import dev.blueprint.runtime.model.BindingDecl;
import dev.blueprint.runtime.model.OpsAddress;
import dev.blueprint.runtime.model.Blueprint;
import dev.blueprint.runtime.model.ComponentDecl;
import dev.blueprint.runtime.model.Overflow;
import dev.blueprint.runtime.registry.ComponentRegistry;
import dev.blueprint.runtime.registry.VariantSet;
import dev.blueprint.runtime.yaml.EnvInterpolator;
import dev.blueprint.runtime.yaml.Location;
import dev.blueprint.runtime.yaml.YamlDocument;
import dev.blueprint.runtime.yaml.BlueprintText;
import dev.blueprint.runtime.yaml.YamlLoader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates a blueprint: YAML, structure, component types, configs, bindings, required
 * inputs and cycles. Every problem is collected so the user sees all of them at once.
 */
public final class BlueprintLoader {
    /** {@code tests}: unit tests kept in the blueprint itself, run by {@code blueprint test} and ignored here. */
    private static final List<String> ROOT_KEYS = List.of("system", "tests");
    private static final List<String> SYSTEM_KEYS = List.of("name", "description", "components", "bindings", "shutdown_grace_period", "http", "tap_redact");
    private static final List<String> COMPONENT_KEYS = List.of("name", "type", "config", "description");
    private static final List<String> BINDING_KEYS = List.of("from_component", "to_component", "stream_name", "from_stream", "from", "to", "capacity", "overflow");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final int MAX_CAPACITY = 1 << 24;

    private final ComponentRegistry registry;
    private final Map<String, String> env;

    /** A loader resolving types through {@code registry} and {@code ${VAR}} through {@code env}. */
    public BlueprintLoader(ComponentRegistry registry, Map<String, String> env) {
        this.registry = registry;
        this.env = env;
    }

    /** The outcome of loading: the blueprint (null when any error was found) and every problem. */
    public record Result(Blueprint blueprint, List<Problem> problems) {
        /** Whether the blueprint is valid (warnings allowed). */
        public boolean valid() {
            return blueprint != null;
        }

        /** The blueprint, or a {@link BlueprintValidationException} listing every problem. */
        public Blueprint orThrow() {
            if (blueprint == null) {
                throw new BlueprintValidationException(problems.stream().map(Problem::format).toList());
            }
            return blueprint;
        }
    }

    /**
     * Loads a file.
     *
     * @param overrides {@code component.key=value} config overrides (from {@code --set})
     */
    public Result load(Path file, List<String> overrides) {
        try {
            // refused before reading: a blueprint is small, and a huge file must not cost memory or time
            if (Files.size(file) > BlueprintText.MAX_CHARS) {
                return failed(new Location(file.toString(), 0, 0), "the file is " + Files.size(file) + " bytes; a blueprint may have at most "
                        + BlueprintText.MAX_CHARS + " (1 MiB)");
            }
            return load(file.toString(), Files.readAllBytes(file), overrides);
        } catch (IOException e) {
            return failed(new Location(file.toString(), 0, 0), "cannot read the file: " + e.getMessage());
        }
    }

    /** Loads a blueprint from a file's bytes, which must be UTF-8; {@code name} is used in messages. */
    public Result load(String name, byte[] bytes, List<String> overrides) {
        String text;
        try {
            text = BlueprintText.decode(bytes);
        } catch (BlueprintText.Invalid e) {
            return failed(new Location(name, e.flaw().line(), e.flaw().column()), e.flaw().message());
        }
        return load(name, text, overrides);
    }

    /** Loads a blueprint from text; {@code name} is used in messages. */
    public Result load(String name, Reader text, List<String> overrides) {
        Problems problems = new Problems();
        return validate(new YamlLoader(new EnvInterpolator(env)).load(name, text, problems), problems, overrides);
    }

    /** Loads a blueprint from text; {@code name} is used in messages. */
    public Result load(String name, String text, List<String> overrides) {
        Problems problems = new Problems();
        return validate(new YamlLoader(new EnvInterpolator(env)).load(name, text, problems), problems, overrides);
    }

    private Result validate(YamlDocument doc, Problems problems, List<String> overrides) {
        if (problems.hasErrors()) {
            return new Result(null, problems.sorted());
        }
        Blueprint blueprint = new Pass(doc, problems).run(overrides);
        return new Result(problems.hasErrors() ? null : blueprint, problems.sorted());
    }

    /**
     * The folder relative paths of a blueprint are resolved against: the file's own, as at run time
     * ({@code ComponentContext.blueprintDirectory()}); the working directory for a blueprint not read from a file.
     */
    public static Path blueprintDirectory(String file) {
        Path parent;
        try {
            parent = Path.of(file).toAbsolutePath().getParent();
        } catch (java.nio.file.InvalidPathException e) {
            parent = null;
        }
        return parent != null ? parent : Path.of("").toAbsolutePath();
    }

    private static Result failed(Location where, String message) {
        return new Result(null, List.of(new Problem(where, true, message)));
    }

    /** One validation pass over one document. */
    private final class Pass {
        private final YamlDocument doc;
        private final Problems problems;
        private final Map<String, ComponentDecl> components = new LinkedHashMap<>();
        private final Map<String, String> componentPointers = new HashMap<>();
        private final Map<String, Location> declared = new LinkedHashMap<>();
        /** component.stream of every binding target written, valid or not: an input named there is not "unbound". */
        private final Set<String> mentionedInputs = new LinkedHashSet<>();
        /** Who listens on each port: "component.config.key", the first that claimed it. */
        private final Map<Integer, String> listeners = new HashMap<>();

        Pass(YamlDocument doc, Problems problems) {
            this.doc = doc;
            this.problems = problems;
        }

        Blueprint run(List<String> overrides) {
            JsonNode root = doc.root();
            if (!root.isObject() || !root.has("system")) {
                problems.error(doc.valueAt(""), "a blueprint starts with a 'system:' mapping holding name, components and bindings");
                return null;
            }
            unknownKeys(root, "", ROOT_KEYS, "the top level");
            JsonNode system = root.get("system");
            if (!system.isObject()) {
                problems.error(doc.valueAt("/system"), "'system' must be a mapping with name, components and bindings");
                return null;
            }
            unknownKeys(system, "/system", SYSTEM_KEYS, "system");
            String name = requiredText(system, "/system", "name", "system");
            Duration grace = grace(system);
            Map<String, ObjectNode> overridden = applyOverrides(system, overrides);
            components(system, overridden);
            List<BindingDecl> bindings = bindings(system);
            requiredInputs();
            cycles(bindings);
            String description = system.path("description").isTextual() ? system.get("description").asText() : null;
            return new Blueprint(doc.file(), name, description, List.copyOf(components.values()), bindings, grace, http(system),
                    tapRedact(system));
        }

        /** {@code system.http}: null when absent, so that {@code --http} or the default decides. */
        private Optional<OpsAddress> http(JsonNode system) {
            JsonNode h = system.get("http");
            if (h == null) {
                return null;
            }
            try {
                return OpsAddress.parse(h.isBoolean() && !h.asBoolean() ? "off" : h.asText());
            } catch (IllegalArgumentException e) {
                problems.error(doc.valueAt("/system/http"), "system.http: " + e.getMessage());
                return null;
            }
        }

        /** {@code system.tap_redact}: a list of words (field names containing one are hidden), {@code card_numbers}; null for the default. */
        private TapRedaction tapRedact(JsonNode system) {
            JsonNode t = system.get("tap_redact");
            if (t == null || t.isNull()) {
                return null;
            }
            if (!t.isArray() || !java.util.stream.StreamSupport.stream(t.spliterator(), false).allMatch(JsonNode::isTextual)) {
                problems.error(doc.valueAt("/system/tap_redact"), "system.tap_redact must be a list of words, e.g. [password, token, "
                        + "card_numbers]; [] shows tapped records unredacted");
                return null;
            }
            List<String> words = new ArrayList<>();
            t.forEach(w -> words.add(w.asText()));
            return TapRedaction.of(words);
        }

        private Duration grace(JsonNode system) {
            JsonNode g = system.get("shutdown_grace_period");
            if (g == null) {
                return Blueprint.DEFAULT_GRACE;
            }
            try {
                return g.isNumber() ? DurationText.ofSeconds(g.asDouble()) : DurationText.parse(g.asText());
            } catch (IllegalArgumentException e) {
                problems.error(doc.valueAt("/system/shutdown_grace_period"), "system.shutdown_grace_period: " + e.getMessage());
                return Blueprint.DEFAULT_GRACE;
            }
        }

        private Map<String, ObjectNode> applyOverrides(JsonNode system, List<String> overrides) {
            Map<String, ObjectNode> configs = new HashMap<>();
            for (String o : overrides) {
                int eq = o.indexOf('=');
                int dot = o.indexOf('.');
                Location where = Location.of("--set " + o);
                if (eq < 0 || dot < 0 || dot > eq) {
                    problems.error(where, "expected --set component.key=value, e.g. --set websocket_server.port=9000");
                    continue;
                }
                String component = o.substring(0, dot);
                String[] path = o.substring(dot + 1, eq).split("\\.");
                String value = o.substring(eq + 1);
                if (!componentNames(system).contains(component)) {
                    problems.error(where, "no component named '" + component + "'" + Suggestions.didYouMean(component, componentNames(system)));
                    continue;
                }
                ObjectNode target = configs.computeIfAbsent(component, c -> JsonNodeFactory.instance.objectNode());
                for (int i = 0; i < path.length - 1; i++) {
                    target = target.has(path[i]) && target.get(path[i]).isObject() ? (ObjectNode) target.get(path[i]) : target.putObject(path[i]);
                }
                target.set(path[path.length - 1], scalar(value));
                // a problem with this value is reported at the --set that gave it, not in the file
                String pointer = "/system/components/" + componentIndex(system, component) + "/config/"
                        + String.join("/", java.util.Arrays.stream(path).map(YamlLoader::escape).toList());
                doc.locate(pointer, where);
            }
            return configs;
        }

        private JsonNode scalar(String text) {
            try {
                JsonNode parsed = BlueprintJson.records().readTree(text);
                return parsed == null ? JsonNodeFactory.instance.textNode(text) : parsed;
            } catch (IOException e) {
                return JsonNodeFactory.instance.textNode(text);
            }
        }

        private int componentIndex(JsonNode system, String name) {
            JsonNode list = system.path("components");
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).path("name").asText().equals(name)) {
                    return i;
                }
            }
            return -1;
        }

        private List<String> componentNames(JsonNode system) {
            List<String> names = new ArrayList<>();
            system.path("components").forEach(c -> {
                if (c.path("name").isTextual()) {
                    names.add(c.get("name").asText());
                }
            });
            return names;
        }

        private void components(JsonNode system, Map<String, ObjectNode> overrides) {
            JsonNode list = system.get("components");
            if (list == null || !list.isArray() || list.isEmpty()) {
                problems.error(list == null ? doc.valueAt("/system") : doc.valueAt("/system/components"),
                        "system.components must be a non-empty list of components, each with a name and a type");
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                component(list.get(i), "/system/components/" + i, overrides);
            }
        }

        @SuppressWarnings("unchecked")
        private void component(JsonNode c, String pointer, Map<String, ObjectNode> overrides) {
            if (!c.isObject()) {
                problems.error(doc.valueAt(pointer), "a component is a mapping with 'name', 'type' and optional 'config'");
                return;
            }
            unknownKeys(c, pointer, COMPONENT_KEYS, "a component");
            String name = requiredText(c, pointer, "name", "a component");
            String type = requiredText(c, pointer, "type", "component" + (name == null ? "" : " '" + name + "'"));
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
                merge(merged, overrides.get(name));
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
                for (ConfigProblem cp : p.check(bound.get(), blueprintDirectory(doc.file()))) {
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
            componentPointers.put(name, pointer);
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
            List<String> allowed = dev.blueprint.runtime.registry.ConfigDescriber.keyNames(p.configType());
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
                                        .collect(java.util.stream.Collectors.joining(", ")))
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

        private void merge(ObjectNode into, ObjectNode from) {
            from.fields().forEachRemaining(e -> {
                if (e.getValue().isObject() && into.get(e.getKey()) instanceof ObjectNode inner) {
                    merge(inner, (ObjectNode) e.getValue());
                } else {
                    into.set(e.getKey(), e.getValue());
                }
            });
        }

        private List<BindingDecl> bindings(JsonNode system) {
            JsonNode list = system.get("bindings");
            List<BindingDecl> out = new ArrayList<>();
            if (list == null || list.isNull()) {
                return out;
            }
            if (!list.isArray()) {
                problems.error(doc.valueAt("/system/bindings"), "system.bindings must be a list of bindings");
                return out;
            }
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < list.size(); i++) {
                BindingDecl b = binding(list.get(i), "/system/bindings/" + i);
                if (b != null) {
                    if (!seen.add(b.label())) {
                        problems.error(b.location(), "duplicate binding " + b.label() + "; each pair of streams is bound once");
                    } else {
                        out.add(b);
                    }
                }
            }
            return out;
        }

        private BindingDecl binding(JsonNode b, String pointer) {
            if (!b.isObject()) {
                problems.error(doc.valueAt(pointer), "a binding is a mapping with from_component, to_component and stream_name (or from: a.output, to: b.input)");
                return null;
            }
            unknownKeys(b, pointer, BINDING_KEYS, "a binding");
            String[] from = endpoint(b, pointer, "from", "from_component", "from_stream", "output");
            String[] to = endpoint(b, pointer, "to", "to_component", "stream_name", "input");
            if (from != null && to != null) {
                readStreamNameAsSenderOutput(b, from, to);
            }
            if (to != null) {
                mentionedInputs.add(to[0] + "." + to[1]);
            }
            if (from == null || to == null) {
                return null;
            }
            int capacity = BindingDecl.DEFAULT_CAPACITY;
            JsonNode cap = b.get("capacity");
            if (cap != null) {
                if (!cap.canConvertToInt() || !cap.isIntegralNumber() || cap.asInt() < 1 || cap.asInt() > MAX_CAPACITY) {
                    problems.error(doc.valueAt(pointer + "/capacity"), "binding capacity must be an integer 1.." + MAX_CAPACITY + ", was " + cap);
                } else {
                    capacity = cap.asInt();
                }
            }
            Overflow overflow = Overflow.BLOCK;
            JsonNode of = b.get("overflow");
            if (of != null) {
                try {
                    overflow = Overflow.valueOf(of.asText().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problems.error(doc.valueAt(pointer + "/overflow"), "binding overflow must be one of block, drop_oldest, drop_newest, was '" + of.asText() + "'");
                }
            }
            boolean ok = checkEnd(from, pointer, true) & checkEnd(to, pointer, false);
            return ok ? new BindingDecl(from[0], from[1], to[0], to[1], capacity, overflow, doc.valueAt(pointer)) : null;
        }

        /**
         * Seed blueprints write {@code stream_name: output} for "the sender's output into the receiver's
         * input": when stream_name names no input of the receiver but an output of the sender (and the
         * long form has no from_stream), it is read as the sender's output, delivered to the receiver's
         * only input.
         */
        private void readStreamNameAsSenderOutput(JsonNode b, String[] from, String[] to) {
            if (b.has("from") || b.has("to") || b.has("from_stream") || !b.has("stream_name")) {
                return;
            }
            ComponentDecl sender = components.get(from[0]);
            ComponentDecl receiver = components.get(to[0]);
            if (receiver == null || receiver.streams().hasInput(to[1]) || receiver.streams().inputs().size() != 1) {
                return;
            }
            // a sender declared with a bad type or config has already been reported and its outputs are
            // unknown: read the binding the seed way rather than bury that error under two made-up ones
            boolean senderUnknown = sender == null && declared.containsKey(from[0]);
            if (!senderUnknown && (sender == null || !sender.streams().hasOutput(to[1]))) {
                return;
            }
            from[1] = to[1];
            to[1] = receiver.streams().inputs().get(0).name();
        }

        /** Reads one end of a binding as {component, stream, pointer of the component name}. */
        private String[] endpoint(JsonNode b, String pointer, String shortKey, String componentKey, String streamKey, String defaultStream) {
            if (b.has(shortKey)) {
                if (b.has(componentKey)) {
                    problems.error(doc.keyAt(pointer + "/" + shortKey), "write either '" + shortKey + "' or '" + componentKey + "', not both");
                    return null;
                }
                String text = b.get(shortKey).asText();
                int dot = text.lastIndexOf('.');
                String component = dot < 0 ? text : text.substring(0, dot);
                String stream = dot < 0 ? defaultStream : text.substring(dot + 1);
                return new String[] {component, stream, pointer + "/" + shortKey, pointer + "/" + shortKey};
            }
            String component = requiredText(b, pointer, componentKey, "a binding");
            if (component == null) {
                return null;
            }
            String stream = defaultStream;
            String streamPointer = pointer + "/" + componentKey;
            if (b.has(streamKey)) {
                stream = b.get(streamKey).asText();
                streamPointer = pointer + "/" + streamKey;
            } else if (streamKey.equals("stream_name")) {
                problems.error(doc.valueAt(pointer), "binding to '" + component + "' needs stream_name (the receiving input, e.g. input, left, right)");
                return null;
            }
            return new String[] {component, stream, pointer + "/" + componentKey, streamPointer};
        }

        private boolean checkEnd(String[] end, String pointer, boolean sending) {
            String name = end[0];
            ComponentDecl c = components.get(name);
            if (c == null) {
                if (!declared.containsKey(name)) {
                    problems.error(doc.valueAt(end[2]), "binding names unknown component '" + name + "'"
                            + Suggestions.didYouMean(name, declared.keySet()) + " Components: " + String.join(", ", declared.keySet()));
                }
                return false;
            }
            Streams s = c.streams();
            String stream = end[1];
            if (sending && !s.hasOutput(stream)) {
                problems.error(doc.valueAt(end[3]), "component '" + name + "' (" + c.type() + ") has no output '" + stream + "'"
                        + Suggestions.didYouMean(stream, s.outputNames()) + " Its outputs: " + String.join(", ", s.outputNames()));
                return false;
            }
            if (!sending && !s.hasInput(stream)) {
                List<String> inputs = s.inputs().stream().map(Streams.StreamSpec::name).toList();
                problems.error(doc.valueAt(end[3]), "component '" + name + "' (" + c.type() + ") has no input '" + stream + "'"
                        + Suggestions.didYouMean(stream, inputs)
                        + (inputs.isEmpty() ? " It takes no input." : " Its inputs: " + String.join(", ", inputs)));
                return false;
            }
            return true;
        }

        private void requiredInputs() {
            for (ComponentDecl c : components.values()) {
                for (Streams.StreamSpec in : c.streams().inputs()) {
                    if (in.required() && !mentionedInputs.contains(c.name() + "." + in.name())) {
                        problems.error(c.location(), "input '" + in.name() + "' of '" + c.name() + "' (" + c.type()
                                + ") is not bound; add a binding with to_component: " + c.name() + ", stream_name: " + in.name());
                    }
                }
            }
        }

        private void cycles(List<BindingDecl> bindings) {
            Map<String, Set<String>> edges = new HashMap<>();
            for (BindingDecl b : bindings) {
                edges.computeIfAbsent(b.fromComponent(), k -> new LinkedHashSet<>()).add(b.toComponent());
            }
            for (List<String> cycle : CycleFinder.cycles(List.copyOf(components.keySet()), edges)) {
                boolean allowed = cycle.stream().anyMatch(n -> components.get(n).streams().allowsCycles());
                if (!allowed) {
                    BindingDecl first = bindings.stream().filter(b -> cycle.contains(b.fromComponent()) && cycle.contains(b.toComponent())).findFirst().orElseThrow();
                    problems.error(first.location(), "bindings form a cycle " + String.join(" -> ", cycle) + " -> " + cycle.get(0)
                            + "; records would circle forever. Only components that allow cycles (such as WebSocket) may be part of one");
                }
            }
        }

        private String requiredText(JsonNode node, String pointer, String key, String what) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                problems.error(doc.valueAt(pointer), what + " needs '" + key + "'");
                return null;
            }
            if (!v.isValueNode() || v.asText().isBlank()) {
                problems.error(doc.valueAt(pointer + "/" + key), "'" + key + "' must be non-empty text");
                return null;
            }
            return v.asText();
        }

        private void unknownKeys(JsonNode node, String pointer, java.util.Collection<String> allowed, String where) {
            node.fieldNames().forEachRemaining(k -> {
                if (!allowed.contains(k)) {
                    problems.error(doc.keyAt(pointer + "/" + YamlLoader.escape(k)), "unknown key '" + k + "' in " + where
                            + Suggestions.didYouMean(k, allowed) + " Allowed keys: " + String.join(", ", allowed));
                }
            });
        }
    }
}
