package dev.blueprint.components.router;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Config of the {@code Router} type.
 *
 * @param routes output name → jq condition, tried in the order written
 */
public record RouterConfig(
        @Doc("Ordered mapping of output name to jq condition, e.g. {ping: '.data.type == \"ping\"', query: '.data.type == \"query\"'}. "
                + "Each record goes to the output of the first condition that holds, else to unmatched. "
                + "Names are snake_case; each one is an output stream bindings can read.") Map<String, String> routes) {

    /** The output of records no route matches. */
    public static final String UNMATCHED = "unmatched";
    private static final String NAME = "[a-z][a-z0-9_]*";

    public RouterConfig {
        // a LinkedHashMap keeps the order the routes were written in, which decides which one wins
        routes = routes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(routes));
        for (Map.Entry<String, String> route : routes.entrySet()) {
            String name = route.getKey();
            if (!name.matches(NAME)) {
                throw new ConfigException("routes." + name, "route name must be snake_case (letters a-z, digits and _, "
                        + "starting with a letter) because it names an output stream, was '" + name + "'");
            }
            if (name.equals(UNMATCHED) || name.equals("errors")) {
                throw new ConfigException("routes." + name, "'" + name + "' is an output every Router already has; "
                        + "name the route something else");
            }
            if (route.getValue() == null || route.getValue().isBlank()) {
                throw new ConfigException("routes." + name, "needs a jq condition, e.g. '.type == \"" + name + "\"'");
            }
        }
    }
}
