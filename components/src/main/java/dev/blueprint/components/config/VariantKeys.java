package dev.blueprint.components.config;

import dev.blueprint.api.ConfigProblem;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Warns about keys set for a variant that does not use them. Config records leave the keys of other
 * variants null (their defaults are filled in only for the chosen variant), so a non-null key outside the
 * variant's set was written by the user.
 */
public final class VariantKeys {
    private VariantKeys() {
    }

    /**
     * Warnings for every non-null component of {@code config} not in {@code used} (snake_case names).
     *
     * @param variant the chosen variant's name, for the message
     */
    public static List<ConfigProblem> unused(java.lang.Record config, String variant, Set<String> used) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (RecordComponent rc : config.getClass().getRecordComponents()) {
            String key = snake(rc.getName());
            if (key.equals("variant") || used.contains(key)) {
                continue;
            }
            if (value(config, rc) != null) {
                problems.add(ConfigProblem.warning(key, "is not used by variant: " + variant + " and is ignored ("
                        + (used.isEmpty() ? "it takes no other keys" : "it uses " + String.join(", ", new TreeSet<>(used))) + ")"));
            }
        }
        return problems;
    }

    private static Object value(java.lang.Record config, RecordComponent rc) {
        try {
            return rc.getAccessor().invoke(config);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
