package dev.blueprint.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.Streams;
import dev.blueprint.runtime.json.BlueprintJson;
import dev.blueprint.runtime.registry.ComponentRegistry;
import dev.blueprint.runtime.registry.ConfigDescriber;
import dev.blueprint.runtime.registry.ConfigKey;
import dev.blueprint.runtime.validate.Suggestions;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code blueprint components [TYPE] [--json]}: every type with its streams and config keys. */
@Command(name = "components", mixinStandardHelpOptions = true,
        description = "Lists the component types with their streams and config keys (defaults and descriptions).",
        footerHeading = "%nExamples:%n",
        footer = {"  blueprint components",
            "  blueprint components WebSocket",
            "  blueprint components --json | jq '.[].type'"})
final class ComponentsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(arity = "0..1", paramLabel = "TYPE", description = "Show only this type.")
    String type;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        ComponentRegistry registry = common.setUp();
        Collection<ComponentProvider<?>> providers = registry.all();
        if (type != null) {
            var one = registry.find(type);
            if (one.isEmpty()) {
                spec.commandLine().getErr().println("error: unknown component type '" + type + "'"
                        + Suggestions.didYouMean(type, registry.typeNames()) + " Known types: " + String.join(", ", registry.typeNames()));
                return BlueprintCli.INVALID;
            }
            providers = List.of(one.get());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ArrayNode all = BlueprintJson.records().createArrayNode();
            providers.forEach(p -> all.add(describe(p)));
            out.println(BlueprintJson.records().writerWithDefaultPrettyPrinter().writeValueAsString(all));
        } else {
            providers.forEach(p -> print(out, p));
        }
        return 0;
    }

    private static Streams streams(ComponentProvider<?> p) {
        return ConfigDescriber.defaults(p).map(d -> streamsOf(p, d)).orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static Streams streamsOf(ComponentProvider<?> p, java.lang.Record config) {
        return ((ComponentProvider<java.lang.Record>) p).streams(config);
    }

    private static ObjectNode describe(ComponentProvider<?> p) {
        ObjectNode o = BlueprintJson.records().createObjectNode();
        o.put("type", p.type());
        o.put("description", p.description());
        Streams s = streams(p);
        if (s != null) {
            ArrayNode in = o.putArray("inputs");
            s.inputs().forEach(i -> in.addObject().put("name", i.name()).put("required", i.required()));
            ArrayNode outs = o.putArray("outputs");
            s.outputNames().forEach(outs::add);
            o.put("open_inputs", s.openInputs());
            o.put("allows_cycles", s.allowsCycles());
        }
        o.set("config", describe(ConfigDescriber.keys(p)));
        return o;
    }

    /** Keys as JSON, a mapping's own keys nested under its {@code keys}. */
    private static ArrayNode describe(List<ConfigKey> configKeys) {
        ArrayNode keys = BlueprintJson.records().createArrayNode();
        for (ConfigKey k : configKeys) {
            ObjectNode key = keys.addObject().put("name", k.name()).put("type", k.type()).put("description", k.description());
            key.set("default", k.defaultValue());
            if (!k.variantDefaults().isEmpty()) {
                ObjectNode byVariant = key.putObject("default_when");
                k.variantDefaults().forEach(byVariant::set);
            }
            if (!k.keys().isEmpty()) {
                key.set("keys", describe(k.keys()));
            }
        }
        return keys;
    }

    private static void print(PrintWriter out, ComponentProvider<?> p) {
        out.printf("%s — %s%n", p.type(), p.description());
        Streams s = streams(p);
        if (s != null) {
            String inputs = s.inputs().isEmpty() ? "none" : String.join(", ", s.inputs().stream()
                    .map(i -> i.name() + (i.required() ? " (required)" : "")).toList());
            out.printf("  inputs:  %s%s%n", inputs, s.openInputs() ? " (any name accepted)" : "");
            out.printf("  outputs: %s%n", String.join(", ", s.outputNames()));
        }
        out.println("  config:");
        print(out, ConfigDescriber.keys(p), "    ");
        out.println();
    }

    private static void print(PrintWriter out, List<ConfigKey> keys, String indent) {
        for (ConfigKey k : keys) {
            out.printf("%s%-22s %-16s default %-10s %s%n", indent, k.name(), k.type(), k.keys().isEmpty() ? k.defaultText() : "-",
                    k.description());
            print(out, k.keys(), indent + "  " + k.name() + ".");
        }
    }
}
