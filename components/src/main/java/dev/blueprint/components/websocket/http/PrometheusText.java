package dev.blueprint.components.websocket.http;

import java.util.HashSet;
import java.util.Set;

/** Builds a Prometheus text exposition (format 0.0.4): HELP/TYPE once per metric, then samples. */
public final class PrometheusText {
    private final StringBuilder out = new StringBuilder(4096);
    private final Set<String> described = new HashSet<>();

    /** Writes HELP and TYPE for {@code name} the first time it is seen. */
    public PrometheusText describe(String name, String type, String help) {
        if (described.add(name)) {
            out.append("# HELP ").append(name).append(' ').append(help).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        }
        return this;
    }

    /** Writes one sample; {@code labels} alternate name and value. */
    public PrometheusText sample(String name, double value, String... labels) {
        out.append(name);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
            }
            out.append('}');
        }
        out.append(' ');
        if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(value);
        }
        out.append('\n');
        return this;
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
