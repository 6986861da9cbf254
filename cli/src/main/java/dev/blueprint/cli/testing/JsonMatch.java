package dev.blueprint.cli.testing;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How an expected record is compared with a received one: with {@code match: subset} (the default) an expected object
 * names only the fields that matter and the received one may have more, at any depth; with {@code match: exact} it
 * must be equal. The {@code ignore} pointers are taken out of both first. Numbers compare by value (3 equals 3.0).
 */
record JsonMatch(boolean subset, List<JsonPointer> ignore) {

    /** The two values after taking out the ignored pointers (copies; the originals are left alone). */
    JsonNode withoutIgnored(JsonNode value) {
        if (ignore.isEmpty()) {
            return value;
        }
        JsonNode copy = value.deepCopy();
        for (JsonPointer p : ignore) {
            JsonNode parent = copy.at(p.head());
            String last = p.last().getMatchingProperty();
            if (parent instanceof ObjectNode o) {
                o.remove(last);
            } else if (parent instanceof ArrayNode a && p.last().getMatchingIndex() >= 0 && p.last().getMatchingIndex() < a.size()) {
                a.remove(p.last().getMatchingIndex());
            }
        }
        return copy;
    }

    boolean matches(JsonNode expected, JsonNode received) {
        return differences("", withoutIgnored(expected), withoutIgnored(received)).isEmpty();
    }

    /** The JSON pointers at which two values differ, with both values: "at /n: expected 1, received 2". */
    List<String> differences(String at, JsonNode expected, JsonNode received) {
        List<String> out = new ArrayList<>();
        if (expected.isObject() && received.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            expected.fieldNames().forEachRemaining(keys::add);
            if (!subset) {
                received.fieldNames().forEachRemaining(keys::add);
            }
            for (String k : keys) {
                String path = at + "/" + k.replace("~", "~0").replace("/", "~1");
                if (!expected.has(k)) {
                    out.add("at " + path + ": not expected, received " + received.get(k) + " (match: subset takes only the fields named)");
                } else if (!received.has(k)) {
                    out.add("at " + path + ": expected " + expected.get(k) + ", missing");
                } else {
                    out.addAll(differences(path, expected.get(k), received.get(k)));
                }
            }
        } else if (expected.isArray() && received.isArray() && expected.size() == received.size()) {
            Iterator<JsonNode> e = expected.elements();
            Iterator<JsonNode> r = received.elements();
            for (int i = 0; e.hasNext(); i++) {
                out.addAll(differences(at + "/" + i, e.next(), r.next()));
            }
        } else if (!Verdict.same(expected, received)) {
            out.add("at " + (at.isEmpty() ? "/" : at) + ": expected " + expected + ", received " + received);
        }
        return out;
    }
}
