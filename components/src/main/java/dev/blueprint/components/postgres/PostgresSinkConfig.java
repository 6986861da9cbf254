package dev.blueprint.components.postgres;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import dev.blueprint.api.Redaction;
import dev.blueprint.api.Secret;
import dev.blueprint.components.broker.Backoff;
import dev.blueprint.components.broker.Retries;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Config of the {@code postgres} sink: batched inserts or upserts, one transaction per batch.
 *
 * @param url the JDBC URL
 * @param user the user
 * @param password the password
 * @param table the table
 * @param columns column to jq expression, in order
 * @param onConflict the key columns of an upsert
 * @param batchSize rows per transaction, at most
 * @param batchInterval time a partial batch waits
 * @param retries times a failed batch is tried again; null: until it goes through
 * @param backoff pauses between connection attempts and between tries of a failed batch
 * @param connectTimeout time allowed for one connection attempt
 */
public record PostgresSinkConfig(
        @Doc("The database, jdbc:postgresql://host[:port]/database[?options].") String url,
        @Doc("The user to connect as; absent: the driver's default (the URL's user= or the OS user).") String user,
        @Doc("The user's password.") @Secret String password,
        @Doc(value = "The table to write to, name or schema.name.", example = "readings") String table,
        @Doc(value = "Columns and the jq expression giving each one's value, e.g. {room: .room, temp: .value}; null or no output "
                + "writes NULL.", example = "{\"room\": \".room\", \"temp\": \".value\"}") Map<String, String> columns,
        @Doc("Key columns of an upsert: a row whose key exists updates the other columns (INSERT ... ON CONFLICT "
                + "DO UPDATE). Absent: plain inserts.") List<String> onConflict,
        @Doc("Rows written in one transaction, at most.") Integer batchSize,
        @Doc("Time a partial batch waits for more rows before it is written.") Duration batchInterval,
        @Doc("Times a batch that failed for a passing reason (connection lost, server restarting) is tried again; then its "
                + "records are given up: to errors when bound, else failed back to their source, which delivers them again. "
                + "Absent: tried again until it goes through, so nothing is lost.") Integer retries,
        @Doc(Retries.BACKOFF_DOC) Backoff backoff,
        @Doc("Time allowed for one connection attempt. A database not there at start is an outage: the run starts, and the "
                + "rows wait for it.") Duration connectTimeout) {

    public PostgresSinkConfig {
        url = PostgresConnection.url(url);
        PostgresConnection.quoted("table", table);
        if (columns == null || columns.isEmpty()) {
            throw new ConfigException("columns", "is required: column name to jq expression, e.g. {room: .room}");
        }
        columns.keySet().forEach(c -> PostgresConnection.quoted("columns." + c, c));
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        onConflict = onConflict == null ? List.of() : List.copyOf(onConflict);
        for (String key : onConflict) {
            if (!columns.containsKey(key)) {
                throw new ConfigException("on_conflict", "names '" + key + "', which is not one of columns " + columns.keySet());
            }
        }
        batchSize = batchSize == null ? 500 : batchSize;
        if (batchSize < 1) {
            throw new ConfigException("batch_size", "must be at least 1, was " + batchSize);
        }
        batchInterval = batchInterval == null ? Duration.ofMillis(100) : batchInterval;
        retries = Retries.check(retries);
        backoff = backoff == null ? Backoff.DEFAULT : backoff;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    }

    /** Shown in logs with the password as ***. */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
