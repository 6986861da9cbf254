package dev.blueprint.components.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fills a template's placeholders: {@code {{seq}}} (1, 2, ...), {@code {{now}}} (ISO-8601 time) and
 * {@code {{random}}} (a number in [0, 1)). A string that is exactly one placeholder becomes a number where
 * the placeholder is numeric.
 */
final class Template {
    static final JsonNode SAMPLE = sample();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Template() {
    }

    private static JsonNode sample() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("seq", "{{seq}}");
        o.put("timestamp", "{{now}}");
        o.put("value", "{{random}}");
        return o;
    }

    static boolean hasPlaceholders(JsonNode node) {
        if (node.isTextual()) {
            return node.asText().contains("{{");
        }
        for (JsonNode child : node) {
            if (hasPlaceholders(child)) {
                return true;
            }
        }
        return false;
    }

    static JsonNode render(JsonNode node, long seq) {
        if (node.isTextual()) {
            return text(node.asText(), seq);
        }
        if (node.isObject()) {
            ObjectNode o = F.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                var e = it.next();
                o.set(e.getKey(), render(e.getValue(), seq));
            }
            return o;
        }
        if (node.isArray()) {
            ArrayNode a = F.arrayNode();
            node.forEach(n -> a.add(render(n, seq)));
            return a;
        }
        return node;
    }

    private static JsonNode text(String s, long seq) {
        switch (s) {
            case "{{seq}}":
                return F.numberNode(seq);
            case "{{random}}":
                return F.numberNode(ThreadLocalRandom.current().nextDouble());
            case "{{now}}":
                return F.textNode(Instant.now().toString());
            default:
                if (!s.contains("{{")) {
                    return F.textNode(s);
                }
                return F.textNode(s.replace("{{seq}}", Long.toString(seq)).replace("{{now}}", Instant.now().toString())
                        .replace("{{random}}", Double.toString(ThreadLocalRandom.current().nextDouble())));
        }
    }
}
