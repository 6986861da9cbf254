package dev.blueprint.components.postgres;

import dev.blueprint.api.Component;
import dev.blueprint.api.Streams;
import dev.blueprint.api.VariantProvider;

/** {@code Source} variant {@code postgres}: polls a query with a cursor column, resuming after the last row handled. */
public final class PostgresSourceProvider implements VariantProvider<PostgresSourceConfig> {
    @Override
    public String type() {
        return "Source";
    }

    @Override
    public String variant() {
        return "postgres";
    }

    @Override
    public String description() {
        return "Polls a PostgreSQL query with a cursor column (WHERE id > :last), resuming after the last row handled.";
    }

    @Override
    public Class<PostgresSourceConfig> configType() {
        return PostgresSourceConfig.class;
    }

    @Override
    public Streams streams(PostgresSourceConfig config) {
        return Streams.source();
    }

    @Override
    public Component create(PostgresSourceConfig config) {
        return new PostgresSource(config);
    }
}
