package dev.blueprint.components.router;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.ConfigProblem;
import dev.blueprint.api.Streams;
import dev.blueprint.components.jq.JqExpression;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code Router} type: each record to the output of the first route whose jq condition holds. */
public final class RouterProvider implements ComponentProvider<RouterConfig> {
    @Override
    public String type() {
        return "Router";
    }

    @Override
    public String description() {
        return "Sends each record to the output named by the first route whose jq condition holds, else to unmatched.";
    }

    @Override
    public Class<RouterConfig> configType() {
        return RouterConfig.class;
    }

    @Override
    public Streams streams(RouterConfig config) {
        List<String> outputs = new ArrayList<>(config.routes().keySet());
        outputs.add(RouterConfig.UNMATCHED);
        return Streams.processor(outputs.toArray(String[]::new));
    }

    @Override
    public List<ConfigProblem> check(RouterConfig config) {
        if (config.routes().isEmpty()) {
            return List.of(ConfigProblem.warning("", "no routes set: every record goes to unmatched"));
        }
        return config.routes().entrySet().stream()
                .map(r -> JqExpression.problem("routes." + r.getKey(), r.getValue()))
                .flatMap(Optional::stream)
                .toList();
    }

    @Override
    public Component create(RouterConfig config) {
        return new RouterComponent(config);
    }
}
