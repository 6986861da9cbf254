package dev.blueprint.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.VariantProvider;
import dev.blueprint.runtime.registry.ConfigDescriber;
import dev.blueprint.runtime.registry.ConfigKey;
import java.io.PrintWriter;

/**
 * A type's or variant's config keys as the Markdown table the reference pages in docs/components/ hold,
 * so that the pages are generated from the same records as {@code blueprint components} (and a test
 * checks they still match).
 */
final class ConfigTable {
    private ConfigTable() {
    }

    static void print(PrintWriter out, ComponentProvider<?> p) {
        String title = p instanceof VariantProvider<?> v ? p.type() + " variant `" + v.variant() + "`" : p.type();
        out.printf("### %s%n%n%s%n%n", title, p.description());
        var keys = ConfigDescriber.keys(p);
        if (keys.isEmpty()) {
            out.printf("No config keys.%n%n");
            return;
        }
        out.printf("| Key | Type | Default | Meaning |%n|---|---|---|---|%n");
        for (ConfigKey k : keys) {
            String def = k.required() ? "required, e.g. " + code(k.example()) : k.defaultValue().isNull() ? "none" : code(k.defaultValue());
            out.printf("| `%s` | %s | %s | %s |%n", k.name(), cell(k.type()), def, cell(k.description()));
        }
        out.println();
    }

    private static String code(JsonNode value) {
        return "`" + cell(value.isTextual() ? value.asText() : value.toString()) + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
