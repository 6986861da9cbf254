package dev.blueprint.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;
import dev.blueprint.runtime.json.BlueprintJson;
import dev.blueprint.runtime.registry.ComponentRegistry;
import dev.blueprint.runtime.registry.ConfigDescriber;
import dev.blueprint.runtime.registry.ConfigKey;
import dev.blueprint.runtime.registry.VariantSet;
import dev.blueprint.runtime.validate.Suggestions;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code blueprint components [TYPE] [--json]}: every type with its streams and config keys; a type with
 * variants lists each variant with its own keys.
 */
@Command(name = "components", mixinStandardHelpOptions = true,
        description = "Lists the component types (and the variants of Source, Sink, StreamProcessor) with their streams and "
                + "config keys (defaults and descriptions).",
        footerHeading = "%nExamples:%n",
        footer = {"  blueprint components",
            "  blueprint components WebSocket",
            "  blueprint components Source --markdown",
            "  blueprint components --json | jq '.[].type'"})
final class ComponentsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(arity = "0..1", paramLabel = "TYPE", description = "Show only this type.")
    String type;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = "--markdown", description = "Print each type's (or variant's) config as a Markdown table, as docs/components/ holds them.")
    boolean markdown;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        ComponentRegistry registry = common.setUp();
        List<String> types = registry.typeNames();
        if (type != null) {
            if (registry.find(type).isEmpty() && registry.variants(type).isEmpty()) {
                spec.commandLine().getErr().println("error: unknown component type '" + type + "'"
                        + Suggestions.didYouMean(type, registry.typeNames()) + " Known types: " + String.join(", ", registry.typeNames()));
                return BlueprintCli.INVALID;
            }
            types = List.of(type);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ArrayNode all = BlueprintJson.records().createArrayNode();
            for (String t : types) {
                all.add(registry.find(t).map(ComponentsCommand::describe).orElseGet(() -> describe(registry.variants(t).orElseThrow())));
            }
            out.println(BlueprintJson.records().writerWithDefaultPrettyPrinter().writeValueAsString(all));
        } else if (markdown) {
            for (String t : types) {
                registry.find(t).ifPresentOrElse(p -> ConfigTable.print(out, p),
                        () -> registry.variants(t).orElseThrow().providers().forEach(v -> ConfigTable.print(out, v)));
            }
        } else {
            for (String t : types) {
                registry.find(t).ifPresentOrElse(p -> print(out, p), () -> print(out, registry.variants(t).orElseThrow()));
            }
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

    private static ObjectNode describe(VariantSet set) {
        ObjectNode o = BlueprintJson.records().createObjectNode();
        o.put("type", set.type());
        o.put("default_variant", set.defaultVariant().variant());
        ArrayNode variants = o.putArray("variants");
        set.providers().forEach(v -> variants.add(describe(v)));
        return o;
    }

    private static ObjectNode describe(ComponentProvider<?> p) {
        ObjectNode o = BlueprintJson.records().createObjectNode();
        if (p instanceof VariantProvider<?> v) {
            o.put("variant", v.variant());
        } else {
            o.put("type", p.type());
        }
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
            ObjectNode key = keys.addObject().put("name", k.name()).put("type", k.type()).put("description", k.description())
                    .put("required", k.required());
            if (k.secret()) {
                key.put("secret", true);
            }
            key.set("default", k.defaultValue());
            if (k.required()) {
                key.set("example", k.example());
            }
            if (!k.keys().isEmpty()) {
                key.set("keys", describe(k.keys()));
            }
        }
        return keys;
    }

    private static void print(PrintWriter out, VariantSet set) {
        out.printf("%s — %d variants, chosen by config.variant (default %s): %s%n", set.type(), set.byName().size(),
                set.defaultVariant().variant(), String.join(", ", set.names()));
        for (VariantProvider<?> v : set.providers()) {
            out.printf("  variant: %s%s — %s%n", v.variant(), v == set.defaultVariant() ? " (default)" : "", v.description());
            printBody(out, v, "    ");
        }
        out.println();
    }

    private static void print(PrintWriter out, ComponentProvider<?> p) {
        out.printf("%s — %s%n", p.type(), p.description());
        printBody(out, p, "  ");
        out.println();
    }

    private static void printBody(PrintWriter out, ComponentProvider<?> p, String indent) {
        Streams s = streams(p);
        if (s != null) {
            String inputs = s.inputs().isEmpty() ? "none" : String.join(", ", s.inputs().stream()
                    .map(i -> i.name() + (i.required() ? " (required)" : "")).toList());
            out.printf("%sinputs:  %s%s%n", indent, inputs, s.openInputs() ? " (any name accepted)" : "");
            out.printf("%soutputs: %s%n", indent, String.join(", ", s.outputNames()));
        }
        List<ConfigKey> keys = ConfigDescriber.keys(p);
        out.printf("%sconfig:%s%n", indent, keys.isEmpty() ? " none" : "");
        print(out, keys, indent + "  ");
    }

    /** One line per key; a mapping's own keys follow it, prefixed with its name ({@code auth.mode}). */
    private static void print(PrintWriter out, List<ConfigKey> keys, String indent) {
        for (ConfigKey k : keys) {
            String example = k.required() ? " (e.g. " + k.exampleText() + ")" : "";
            out.printf("%s%-22s %-16s default %-10s %s%s%n", indent, k.name(), k.type(), k.keys().isEmpty() ? k.defaultText() : "-",
                    k.description(), example);
            print(out, k.keys(), indent + "  " + k.name() + ".");
        }
    }
}
