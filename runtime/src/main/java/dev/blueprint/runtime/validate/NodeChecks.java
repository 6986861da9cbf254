package dev.blueprint.runtime.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.runtime.yaml.YamlDocument;
import dev.blueprint.runtime.yaml.YamlLoader;
import java.util.Collection;

/**
 * The checks every mapping of a blueprint gets, whichever part reads it: the keys it may have, and the text it must
 * have; each problem reported at its place in the document.
 */
final class NodeChecks {
    private final YamlDocument doc;
    private final Problems problems;

    NodeChecks(YamlDocument doc, Problems problems) {
        this.doc = doc;
        this.problems = problems;
    }

    /** {@code node.key} as non-empty text, or null after reporting that it is missing or not text. */
    String requiredText(JsonNode node, String pointer, String key, String what) {
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

    /** Reports each key of {@code node} that is not {@code allowed}, with the nearest allowed one. */
    void unknownKeys(JsonNode node, String pointer, Collection<String> allowed, String where) {
        node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                problems.error(doc.keyAt(pointer + "/" + YamlLoader.escape(k)), "unknown key '" + k + "' in " + where
                        + Suggestions.didYouMean(k, allowed) + " Allowed keys: " + String.join(", ", allowed));
            }
        });
    }
}
