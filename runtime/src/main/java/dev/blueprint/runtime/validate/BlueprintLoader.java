package dev.blueprint.runtime.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.BlueprintValidationException;
import dev.blueprint.runtime.inspect.TapRedaction;
import dev.blueprint.runtime.json.DurationText;
import dev.blueprint.runtime.model.BindingDecl;
import dev.blueprint.runtime.model.OpsAddress;
import dev.blueprint.runtime.model.OpsSetting;
import dev.blueprint.runtime.model.Blueprint;
import dev.blueprint.runtime.registry.ComponentRegistry;
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
import java.util.List;
import java.util.Map;

/**
 * Reads and validates a blueprint: YAML, structure, component types, configs, bindings, required
 * inputs and cycles. Every problem is collected so the user sees all of them at once. The parts are read by a
 * class each: {@link ConfigOverrides} ({@code --set}), {@link ComponentResolver}, {@link BindingReader},
 * {@link GraphChecks}; the system's own settings (name, grace period, {@code http}, {@code tap_redact}) here.
 */
public final class BlueprintLoader {
    /** {@code tests}: unit tests kept in the blueprint itself, run by {@code blueprint test} and ignored here. */
    private static final List<String> ROOT_KEYS = List.of("system", "tests");
    private static final List<String> SYSTEM_KEYS = List.of("name", "description", "components", "bindings", "shutdown_grace_period", "http", "tap_redact");

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

    /** One validation pass over one document: the system's own settings here, each part by the class for it. */
    private final class Pass {
        private final YamlDocument doc;
        private final Problems problems;
        private final NodeChecks checks;

        Pass(YamlDocument doc, Problems problems) {
            this.doc = doc;
            this.problems = problems;
            this.checks = new NodeChecks(doc, problems);
        }

        Blueprint run(List<String> overrides) {
            JsonNode root = doc.root();
            if (!root.isObject() || !root.has("system")) {
                problems.error(doc.valueAt(""), "a blueprint starts with a 'system:' mapping holding name, components and bindings");
                return null;
            }
            checks.unknownKeys(root, "", ROOT_KEYS, "the top level");
            JsonNode system = root.get("system");
            if (!system.isObject()) {
                problems.error(doc.valueAt("/system"), "'system' must be a mapping with name, components and bindings");
                return null;
            }
            checks.unknownKeys(system, "/system", SYSTEM_KEYS, "system");
            String name = checks.requiredText(system, "/system", "name", "system");
            Duration grace = grace(system);
            Map<String, ObjectNode> overridden = new ConfigOverrides(doc, problems).read(system, overrides);
            ResolvedComponents components = new ComponentResolver(registry, doc, problems, checks).resolve(system, overridden);
            BindingReader reader = new BindingReader(doc, problems, checks, components);
            List<BindingDecl> bindings = reader.read(system);
            GraphChecks.requiredInputs(components.valid(), reader.mentionedInputs(), problems);
            GraphChecks.cycles(components.valid(), bindings, problems);
            String description = system.path("description").isTextual() ? system.get("description").asText() : null;
            return new Blueprint(doc.file(), name, description, List.copyOf(components.valid().values()), bindings, grace, http(system),
                    tapRedact(system));
        }

        /**
         * {@code system.http}: unset when absent, so that {@code --http} or the default decides; {@code HOST:PORT} or
         * {@code off}, or {@code {address, allowed_hosts}} with the Host names the ops server answers besides the defaults.
         */
        private OpsSetting http(JsonNode system) {
            JsonNode h = system.get("http");
            if (h == null) {
                return OpsSetting.UNSET;
            }
            if (h.isObject() && !h.path("allowed_hosts").isMissingNode() && !isListOfText(h.get("allowed_hosts"))) {
                problems.error(doc.valueAt("/system/http/allowed_hosts"), "system.http.allowed_hosts must be a list of host names, "
                        + "e.g. [blueprint.default.svc, .example.com]");
                return OpsSetting.UNSET;
            }
            if (h.isObject()) {
                checks.unknownKeys(h, "/system/http", List.of("address", "allowed_hosts"), "system.http");
            }
            JsonNode address = h.isObject() ? h.path("address") : h;
            List<String> names = new java.util.ArrayList<>();
            h.path("allowed_hosts").forEach(n -> names.add(n.asText()));
            try {
                OpsSetting parsed = address.isMissingNode() ? new OpsSetting.At(OpsAddress.DEFAULT)
                        : OpsSetting.parse(address.isBoolean() && !address.asBoolean() ? "off" : address.asText());
                return parsed instanceof OpsSetting.At at ? new OpsSetting.At(at.address().withAllowedHosts(names)) : parsed;
            } catch (IllegalArgumentException e) {
                problems.error(doc.valueAt(h.isObject() ? "/system/http/address" : "/system/http"), "system.http: " + e.getMessage());
                return OpsSetting.UNSET;
            }
        }

        private static boolean isListOfText(JsonNode node) {
            return node.isArray() && java.util.stream.StreamSupport.stream(node.spliterator(), false).allMatch(JsonNode::isTextual);
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
    }
}
