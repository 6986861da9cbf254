package dev.blueprint.runtime.graph;

import dev.blueprint.runtime.model.BindingDecl;
import dev.blueprint.runtime.model.Blueprint;
import dev.blueprint.runtime.model.ComponentDecl;
import java.util.Locale;

/** Draws a blueprint's components and bindings as Mermaid or Graphviz DOT text. */
public final class GraphRenderer {
    private GraphRenderer() {
    }

    /** The supported output formats. */
    public enum Format {
        /** A Mermaid {@code flowchart LR}. */
        MERMAID,
        /** A Graphviz {@code digraph}. */
        DOT;

        /** Parses {@code mermaid} or {@code dot}. */
        public static Format parse(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT));
        }
    }

    /** Renders {@code blueprint} in {@code format}. */
    public static String render(Blueprint blueprint, Format format) {
        return format == Format.MERMAID ? mermaid(blueprint) : dot(blueprint);
    }

    private static String mermaid(Blueprint b) {
        StringBuilder out = new StringBuilder("flowchart LR\n");
        for (ComponentDecl c : b.components()) {
            out.append("    ").append(id(c.name())).append("[\"").append(c.name()).append("<br/><i>").append(c.type()).append("</i>\"]\n");
        }
        for (BindingDecl e : b.bindings()) {
            out.append("    ").append(id(e.fromComponent())).append(" -->|").append(edgeLabel(e)).append("| ")
                    .append(id(e.toComponent())).append('\n');
        }
        return out.toString();
    }

    private static String dot(Blueprint b) {
        StringBuilder out = new StringBuilder("digraph \"").append(escape(b.name())).append("\" {\n    rankdir=LR;\n    node [shape=box];\n");
        for (ComponentDecl c : b.components()) {
            out.append("    \"").append(escape(c.name())).append("\" [label=\"").append(escape(c.name())).append("\\n(")
                    .append(escape(c.type())).append(")\"];\n");
        }
        for (BindingDecl e : b.bindings()) {
            out.append("    \"").append(escape(e.fromComponent())).append("\" -> \"").append(escape(e.toComponent()))
                    .append("\" [label=\"").append(escape(edgeLabel(e))).append("\"];\n");
        }
        return out.append("}\n").toString();
    }

    private static String edgeLabel(BindingDecl e) {
        String label = e.fromStream() + " → " + e.toStream();
        if (e.capacity() != BindingDecl.DEFAULT_CAPACITY || e.overflow() != dev.blueprint.runtime.model.Overflow.BLOCK) {
            label += " (" + e.capacity() + ", " + e.overflow().yamlName() + ")";
        }
        return label;
    }

    private static String id(String name) {
        return name.replaceAll("[^A-Za-z0-9_]", "_");
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
