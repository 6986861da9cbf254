package dev.blueprint.components.postgres;

import dev.blueprint.api.ConfigProblem;
import dev.blueprint.components.broker.ConnectorProvider;
import dev.blueprint.components.jq.JqExpression;
import java.util.ArrayList;
import java.util.List;

/** {@code Sink} variant {@code postgres}: batched inserts or upserts into a table, acknowledged after commit. */
public final class PostgresSinkProvider extends ConnectorProvider<PostgresSinkConfig> {
    public PostgresSinkProvider() {
        super("Sink", "postgres", "Inserts or upserts records as rows of a PostgreSQL table, one transaction per batch, acknowledged after commit.",
                PostgresSinkConfig.class, PostgresSink::new);
    }

    @Override
    public List<ConfigProblem> check(PostgresSinkConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        config.columns().forEach((column, expression) -> JqExpression.problem("columns." + column, expression).ifPresent(problems::add));
        return problems;
    }

    /** The check has compiled every expression already: failing here is a bug. */
    static JqExpression compile(String expression) {
        try {
            return JqExpression.compile(expression);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("jq expression passed the check but does not compile: " + expression, e);
        }
    }
}
