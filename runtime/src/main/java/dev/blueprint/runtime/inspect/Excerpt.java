package dev.blueprint.runtime.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A small copy of a record for people looking at a running pipeline: at most about {@link #MAX_BYTES} of its text,
 * keeping its shape (fields and elements in order, long strings cut) so that {@code tap_redact} still finds fields by
 * name. Walking stops once the budget is spent, so a 20 MB record costs what is kept, not its size: the ops server
 * never holds a whole record.
 *
 * @param value the copy; the record itself when it fitted
 * @param cut whether something was left out (then the copy ends its strings, objects and arrays with {@link #MARK})
 */
public record Excerpt(JsonNode value, boolean cut) {
    /** Text kept of one record: enough to read it, small enough that 20 of each output and error stay a few hundred KiB. */
    public static final int MAX_BYTES = 4096;
    /** What ends a cut string, and the key or element standing for what a cut object or array left out. */
    public static final String MARK = "…(cut)";

    /** The excerpt of {@code value} (null stays null). */
    public static Excerpt of(JsonNode value) {
        if (value == null) {
            return new Excerpt(null, false);
        }
        int[] budget = {MAX_BYTES};
        boolean[] cut = {false};
        JsonNode copy = copy(value, budget, cut);
        return new Excerpt(cut[0] ? copy : value, cut[0]);
    }

    /** {@code text} cut to {@code max} characters, ending with {@link #MARK} when cut. */
    public static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max) + MARK;
    }

    private static JsonNode copy(JsonNode node, int[] budget, boolean[] cut) {
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (budget[0] <= 0) {
                    cut[0] = true;
                    out.put(MARK, node.size() - out.size() + " more field(s)");
                    break;
                }
                budget[0] -= e.getKey().length() + 4;
                out.set(cut(e.getKey(), MAX_BYTES / 4), copy(e.getValue(), budget, cut));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode element : node) {
                if (budget[0] <= 0) {
                    cut[0] = true;
                    out.add(MARK + " " + (node.size() - out.size()) + " more element(s)");
                    break;
                }
                budget[0] -= 1;
                out.add(copy(element, budget, cut));
            }
            return out;
        }
        if (node.isTextual()) {
            String text = node.textValue();
            int keep = Math.max(0, budget[0]);
            budget[0] -= Math.min(text.length(), keep) + 2;
            if (text.length() > keep) {
                cut[0] = true;
                return TextNode.valueOf(text.substring(0, keep) + MARK);
            }
            return node;
        }
        if (node.isBinary()) {
            cut[0] = true;
            budget[0] -= 16;
            return TextNode.valueOf(MARK + " binary");
        }
        budget[0] -= node.isContainerNode() ? 2 : Math.min(node.asText().length(), 32);
        return node;
    }
}
