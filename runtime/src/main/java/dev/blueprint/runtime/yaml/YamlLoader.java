package dev.blueprint.runtime.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Loads a blueprint file safely. SnakeYAML only composes the node tree (no constructor runs, so tags
 * cannot instantiate objects); we turn it into a JSON tree ourselves, keeping every value's position.
 * Limits: 50 aliases to collections, nesting depth 64, 1 MiB of text, lines of 64 KiB, values of 256 KiB,
 * 1,000,000 values after alias expansion — a "billion laughs" file fails fast on the alias limit. The text
 * is checked by {@link BlueprintText} before parsing.
 */
public final class YamlLoader {
    static final int MAX_ALIASES = 50;
    static final int MAX_DEPTH = 64;
    static final int MAX_CODE_POINTS = BlueprintText.MAX_CHARS;
    static final int MAX_SCALAR_CHARS = BlueprintText.MAX_SCALAR_CHARS;
    static final int MAX_VALUES = 1_000_000;

    private final EnvInterpolator env;
    private final Resolver resolver = new Resolver();

    /** A loader that replaces {@code ${VAR}} references through {@code env}. */
    public YamlLoader(EnvInterpolator env) {
        this.env = env;
    }

    /**
     * Reads one YAML document.
     *
     * @param file the name used in messages
     * @param reader the text
     * @param problems receives each problem as (location, message); the document is returned as far as
     *     it could be read (an empty object when the YAML itself is broken)
     */
    public YamlDocument load(String file, Reader reader, ProblemSink problems) {
        String text;
        try {
            text = BlueprintText.read(reader);
        } catch (BlueprintText.Invalid e) {
            return refused(file, e.flaw(), problems);
        } catch (java.io.IOException e) {
            problems.error(new Location(file, 1, 1), "cannot read the text: " + e.getMessage());
            return empty(file);
        }
        return load(file, text, problems);
    }

    /** Reads one YAML document from {@code text}, as {@link #load(String, Reader, ProblemSink)} does. */
    public YamlDocument load(String file, String text, ProblemSink problems) {
        var flaw = BlueprintText.check(text);
        if (flaw.isPresent()) {
            return refused(file, flaw.get(), problems);
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowRecursiveKeys(false);
        options.setAllowDuplicateKeys(false);
        Node node;
        try {
            node = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.error(at(file, mark), yamlMessage(e));
            return empty(file);
        } catch (ReaderException e) {
            int index = Math.min(text.length(), text.offsetByCodePoints(0, Math.min(e.getPosition(), text.codePointCount(0, text.length()))));
            return refused(file, BlueprintText.flawAt(text, index, String.format("character U+%04X is not allowed in YAML",
                    e.getCodePoint())), problems);
        } catch (YAMLException e) {
            problems.error(new Location(file, 1, 1), "cannot read YAML: " + limitMessage(e.getMessage()));
            return empty(file);
        } catch (NumberFormatException e) {
            // SnakeYAML's scanner lets this escape for a backslash-u escape cut short at the end of the text (found by fuzzing)
            return refused(file, BlueprintText.flawAt(text, badEscape(text), "YAML syntax error: an escape in a double-quoted string "
                    + "(\\xXX, \\uXXXX or \\UXXXXXXXX) is cut short or not hexadecimal"), problems);
        } catch (IllegalArgumentException e) {
            // SnakeYAML's composer lets this escape, without a mark, for a tag that decodes to a leading or trailing
            // space, such as !%e (found by fuzzing); the parser's events still say where that tag is
            problems.error(tagAt(file, text, options), "YAML syntax error: " + e.getMessage());
            return empty(file);
        }
        var converter = new Converter(file, problems);
        JsonNode root = node == null ? JsonNodeFactory.instance.objectNode() : converter.convert(node, "", 0);
        return new YamlDocument(file, root, converter.values, converter.keys);
    }

    /** Where the first node whose tag has a leading or trailing space starts; line 1, column 1 when none is found. */
    private static Location tagAt(String file, String text, LoaderOptions options) {
        try {
            for (Event event : new Yaml(options).parse(new StringReader(text))) {
                String tag = event instanceof ScalarEvent s ? s.getTag()
                        : event instanceof CollectionStartEvent c ? c.getTag() : null;
                if (tag != null && !tag.equals(tag.trim())) {
                    return at(file, event.getStartMark());
                }
            }
        } catch (RuntimeException e) {
            // the events broke off before the bad tag: nothing better to say than the start of the file
        }
        return new Location(file, 1, 1);
    }

    /** Where the first x, u or U escape without enough hex digits starts; the end of the text when none does. */
    static int badEscape(String text) {
        for (int i = 0; i + 1 < text.length(); i++) {
            if (text.charAt(i) != '\\') {
                continue;
            }
            char kind = text.charAt(i + 1);
            int digits = kind == 'x' ? 2 : kind == 'u' ? 4 : kind == 'U' ? 8 : 0;
            if (digits == 0) {
                i++; // an escaped character, perhaps a backslash: not the start of another escape
                continue;
            }
            for (int d = 0; d < digits; d++) {
                if (i + 2 + d >= text.length() || Character.digit(text.charAt(i + 2 + d), 16) < 0) {
                    return i;
                }
            }
        }
        return text.length();
    }

    private static YamlDocument refused(String file, BlueprintText.Flaw flaw, ProblemSink problems) {
        problems.error(new Location(file, flaw.line(), flaw.column()), flaw.message());
        return empty(file);
    }

    private static YamlDocument empty(String file) {
        return new YamlDocument(file, JsonNodeFactory.instance.objectNode(), Map.of(), Map.of());
    }

    private static String yamlMessage(MarkedYAMLException e) {
        String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
        String context = e.getContext();
        String message = context != null ? context + ": " + problem : problem;
        return "YAML syntax error: " + limitMessage(message);
    }

    private static String limitMessage(String message) {
        if (message.contains("Number of aliases")) {
            return message + " (at most " + MAX_ALIASES + " aliases to collections are allowed)";
        }
        if (message.contains("code points")) {
            return "the file is larger than " + MAX_CODE_POINTS + " characters";
        }
        return message;
    }

    static Location at(String file, Mark mark) {
        return mark == null ? new Location(file, 1, 1) : new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    /** Where problems go: each with the location it is about. */
    public interface ProblemSink {
        /** An error at a location. */
        void error(Location location, String message);
    }

    private final class Converter {
        private final String file;
        private final ProblemSink problems;
        private final Map<String, Location> values = new HashMap<>();
        private final Map<String, Location> keys = new HashMap<>();
        private final Map<Node, Boolean> onPath = new IdentityHashMap<>();
        private int count;
        private boolean overLimit;

        Converter(String file, ProblemSink problems) {
            this.file = file;
            this.problems = problems;
        }

        JsonNode convert(Node node, String pointer, int depth) {
            if (++count > MAX_VALUES || depth > MAX_DEPTH || onPath.containsKey(node)) {
                if (!overLimit) {
                    overLimit = true;
                    problems.error(at(file, node.getStartMark()), "the document expands to more than " + MAX_VALUES
                            + " values or nests deeper than " + MAX_DEPTH + " levels (alias bomb?); refusing to load it");
                }
                return JsonNodeFactory.instance.nullNode();
            }
            values.putIfAbsent(pointer, at(file, node.getStartMark()));
            onPath.put(node, Boolean.TRUE);
            try {
                if (node instanceof MappingNode mapping) {
                    return mapping(mapping, pointer, depth);
                }
                if (node instanceof SequenceNode sequence) {
                    ArrayNode array = JsonNodeFactory.instance.arrayNode();
                    List<Node> items = sequence.getValue();
                    for (int i = 0; i < items.size(); i++) {
                        array.add(convert(items.get(i), pointer + "/" + i, depth + 1));
                    }
                    return array;
                }
                return scalar((ScalarNode) node, pointer);
            } finally {
                onPath.remove(node);
            }
        }

        private JsonNode mapping(MappingNode mapping, String pointer, int depth) {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            for (NodeTuple tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                    problems.error(at(file, tuple.getKeyNode().getStartMark()), "keys must be plain text");
                    continue;
                }
                String key = keyNode.getValue();
                if (key.equals("<<")) {
                    mergeInto(object, tuple.getValueNode(), pointer, depth);
                    continue;
                }
                String child = pointer + "/" + escape(key);
                if (object.has(key)) {
                    problems.error(at(file, keyNode.getStartMark()), "duplicate key '" + key + "'");
                    continue;
                }
                keys.put(child, at(file, keyNode.getStartMark()));
                object.set(key, convert(tuple.getValueNode(), child, depth + 1));
            }
            return object;
        }

        private void mergeInto(ObjectNode object, Node merged, String pointer, int depth) {
            Consumer<Node> one = n -> {
                JsonNode value = convert(n, pointer, depth + 1);
                if (value instanceof ObjectNode source) {
                    source.fields().forEachRemaining(e -> {
                        if (!object.has(e.getKey())) {
                            object.set(e.getKey(), e.getValue());
                        }
                    });
                } else {
                    problems.error(at(file, n.getStartMark()), "'<<' merges mappings only");
                }
            };
            if (merged instanceof SequenceNode seq) {
                seq.getValue().forEach(one);
            } else {
                one.accept(merged);
            }
        }

        private JsonNode scalar(ScalarNode node, String pointer) {
            String text = node.getValue();
            if (text.length() > MAX_SCALAR_CHARS) {
                problems.error(at(file, node.getStartMark()), "this value is " + text.length() + " characters long; a value may have at most "
                        + MAX_SCALAR_CHARS + " (256 KiB): read long text from a file instead");
                return JsonNodeFactory.instance.nullNode();
            }
            boolean plain = node.isPlain();
            try {
                String replaced = env.interpolate(text);
                if (!replaced.equals(text)) {
                    text = replaced;
                    // a ${PORT} written unquoted should become a number, like a literal 8080 would
                    return plain ? typed(resolver.resolve(org.yaml.snakeyaml.nodes.NodeId.scalar, text, true), text)
                            : JsonNodeFactory.instance.textNode(text);
                }
            } catch (IllegalArgumentException e) {
                problems.error(at(file, node.getStartMark()), e.getMessage());
                return JsonNodeFactory.instance.textNode(text);
            }
            return typed(node.getTag(), text);
        }

        private JsonNode typed(Tag tag, String text) {
            JsonNodeFactory f = JsonNodeFactory.instance;
            try {
                if (Tag.NULL.equals(tag)) {
                    return f.nullNode();
                }
                if (Tag.BOOL.equals(tag)) {
                    return f.booleanNode(switch (text.toLowerCase(java.util.Locale.ROOT)) {
                        case "true", "yes", "on", "y" -> true;
                        default -> false;
                    });
                }
                if (Tag.INT.equals(tag)) {
                    BigInteger n = parseInt(text.replace("_", ""));
                    return n.bitLength() < 64 ? f.numberNode(n.longValue()) : f.numberNode(n);
                }
                if (Tag.FLOAT.equals(tag)) {
                    return f.numberNode(Double.parseDouble(text.replace("_", "")));
                }
            } catch (NumberFormatException e) {
                return f.textNode(text);
            }
            return f.textNode(text);
        }

        private BigInteger parseInt(String text) {
            String t = text.startsWith("+") ? text.substring(1) : text;
            boolean negative = t.startsWith("-");
            if (negative) {
                t = t.substring(1);
            }
            BigInteger n;
            if (t.startsWith("0x")) {
                n = new BigInteger(t.substring(2), 16);
            } else if (t.startsWith("0o")) {
                n = new BigInteger(t.substring(2), 8);
            } else if (t.startsWith("0b")) {
                n = new BigInteger(t.substring(2), 2);
            } else {
                n = new BigInteger(t);
            }
            return negative ? n.negate() : n;
        }
    }

    /** Escapes a key for use in a JSON Pointer. */
    public static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
