package dev.blueprint.runtime.yaml;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in scalars from the environment, the way a shell
 * does; {@code $${...}} stays literal as {@code ${...}}.
 */
public final class EnvInterpolator {
    private static final Pattern REF = Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private final Map<String, String> env;

    /** Uses the given variables (the process environment in production, a map in tests). */
    public EnvInterpolator(Map<String, String> env) {
        this.env = env;
    }

    /**
     * Returns {@code text} with references replaced.
     *
     * @throws IllegalArgumentException naming the variable when one is unset and has no default
     */
    public String interpolate(String text) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        Matcher m = REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$${")) {
                replacement = "${";
            } else {
                String value = env.get(m.group(1));
                if (value == null || (value.isEmpty() && m.group(2) != null)) {
                    if (m.group(2) == null) {
                        throw new IllegalArgumentException("environment variable " + m.group(1)
                                + " is not set; set it or write ${" + m.group(1) + ":-default}");
                    }
                    value = m.group(2);
                }
                replacement = value;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
