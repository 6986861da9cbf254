package dev.blueprint.runtime.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.runtime.json.BlueprintJson;
import dev.blueprint.runtime.yaml.Location;
import dev.blueprint.runtime.yaml.YamlDocument;
import dev.blueprint.runtime.yaml.YamlLoader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --set component.key=value}: each override read into a config fragment per component, to be merged over the
 * config the file gives. A value is read as JSON (a number, true, a list) when it is one, else as text; a problem with
 * it is later reported at the {@code --set} that gave it, not in the file.
 */
final class ConfigOverrides {
    private final YamlDocument doc;
    private final Problems problems;

    ConfigOverrides(YamlDocument doc, Problems problems) {
        this.doc = doc;
        this.problems = problems;
    }

    /** The config fragment for each component {@code overrides} name, by component name. */
    Map<String, ObjectNode> read(JsonNode system, List<String> overrides) {
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
            String pointer = "/system/components/" + componentIndex(system, component) + "/config/"
                    + String.join("/", Arrays.stream(path).map(YamlLoader::escape).toList());
            doc.locate(pointer, where);
        }
        return configs;
    }

    /** Merges {@code from} into {@code into}, mapping by mapping: an override replaces only the keys it names. */
    static void merge(ObjectNode into, ObjectNode from) {
        from.fields().forEachRemaining(e -> {
            if (e.getValue().isObject() && into.get(e.getKey()) instanceof ObjectNode inner) {
                merge(inner, (ObjectNode) e.getValue());
            } else {
                into.set(e.getKey(), e.getValue());
            }
        });
    }

    private static JsonNode scalar(String text) {
        try {
            JsonNode parsed = BlueprintJson.records().readTree(text);
            return parsed == null ? JsonNodeFactory.instance.textNode(text) : parsed;
        } catch (IOException e) {
            return JsonNodeFactory.instance.textNode(text);
        }
    }

    private static int componentIndex(JsonNode system, String name) {
        JsonNode list = system.path("components");
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).path("name").asText().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> componentNames(JsonNode system) {
        List<String> names = new ArrayList<>();
        system.path("components").forEach(c -> {
            if (c.path("name").isTextual()) {
                names.add(c.get("name").asText());
            }
        });
        return names;
    }
}
