package dev.blueprint.components.postgres;

import dev.blueprint.components.broker.ConnectorProvider;

/** {@code Source} variant {@code postgres}: polls a query with a cursor column, resuming after the last row handled. */
public final class PostgresSourceProvider extends ConnectorProvider<PostgresSourceConfig> {
    public PostgresSourceProvider() {
        super("Source", "postgres", "Polls a PostgreSQL query with a cursor column (WHERE id > :last), resuming after the last row handled.",
                PostgresSourceConfig.class, PostgresSource::new);
    }
}
