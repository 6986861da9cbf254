package dev.blueprint.components.filter;

import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentProvider;
import dev.blueprint.api.ConfigProblem;
import dev.blueprint.api.Streams;
import dev.blueprint.components.jq.JqExpression;
import java.util.List;

/** The {@code Filter} type: passes the records that match. */
public final class FilterProvider implements ComponentProvider<FilterConfig> {
    @Override
    public String type() {
        return "Filter";
    }

    @Override
    public String description() {
        return "Passes the records that match a jq condition to output, the others to rejected.";
    }

    @Override
    public Class<FilterConfig> configType() {
        return FilterConfig.class;
    }

    @Override
    public Streams streams(FilterConfig config) {
        return Streams.processor("output", "rejected");
    }

    @Override
    public List<ConfigProblem> check(FilterConfig config) {
        if (config.condition() == null) {
            return List.of(ConfigProblem.warning("", "no condition set: every record passes through unchanged"));
        }
        return JqExpression.problem("condition", config.condition()).stream().toList();
    }

    @Override
    public Component create(FilterConfig config) {
        return new FilterComponent(config);
    }
}
