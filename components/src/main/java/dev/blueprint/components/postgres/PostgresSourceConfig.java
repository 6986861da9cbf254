package dev.blueprint.components.postgres;

import dev.blueprint.api.ConfigException;
import dev.blueprint.api.Doc;
import dev.blueprint.api.Redaction;
import dev.blueprint.api.Secret;
import dev.blueprint.components.broker.Backoff;
import dev.blueprint.components.broker.Retries;
import java.time.Duration;

/**
 * Config of the {@code postgres} source: a query polled with a cursor column.
 *
 * @param url the JDBC URL
 * @param user the user
 * @param password the password
 * @param query the query, with :last for the position
 * @param cursor the result column whose value is the position
 * @param start the position before the first row
 * @param interval wait between polls that found nothing
 * @param positionTable the table keeping positions
 * @param positionKey this source's row in it
 * @param maxPending rows emitted and not yet handled, at most
 * @param count records before the source finishes
 * @param connectTimeout time allowed for one connection attempt
 * @param backoff pauses between connection attempts and between failed polls
 */
public record PostgresSourceConfig(
        @Doc("The database, jdbc:postgresql://host[:port]/database[?options].") String url,
        @Doc("The user to connect as; absent: the driver's default (the URL's user= or the OS user).") String user,
        @Doc("The user's password.") @Secret String password,
        @Doc(value = "The query to poll. :last stands for the position (the cursor value of the last row handled); order by the "
                + "cursor column and limit the rows, e.g. SELECT * FROM orders WHERE id > :last ORDER BY id LIMIT 500.",
                example = "SELECT * FROM orders WHERE id > :last ORDER BY id LIMIT 500") String query,
        @Doc(value = "The result column whose value is the position (a growing id or timestamp).", example = "id") String cursor,
        @Doc("The position before the first row, used when none is stored yet (the server casts it to the cursor's type).") String start,
        @Doc("Wait between polls that found no new row.") Duration interval,
        @Doc("The table where the source keeps its position (created when missing): the cursor value of the last row whose "
                + "record was handled, so that a restart resumes after it.") String positionTable,
        @Doc("This source's row in position_table; absent: {system}_{component}.") String positionKey,
        @Doc("Rows emitted and not yet handled, at most; the source waits at this many.") Integer maxPending,
        @Doc("Number of records, then the source finishes; unbounded when absent.") Long count,
        @Doc("Time allowed for one connection attempt. A database not there at start is an outage: the run starts, and polling "
                + "begins once it answers.") Duration connectTimeout,
        @Doc(Retries.CONNECT_BACKOFF_DOC) Backoff backoff) {

    public PostgresSourceConfig {
        url = PostgresConnection.url(url);
        if (query == null || !query.contains(":last")) {
            throw new ConfigException("query", "is required and must use :last for the position, e.g. "
                    + "SELECT * FROM orders WHERE id > :last ORDER BY id LIMIT 500");
        }
        if (cursor == null || cursor.isBlank()) {
            throw new ConfigException("cursor", "is required: the result column whose value is the position, e.g. id");
        }
        start = start == null ? "0" : start;
        interval = interval == null ? Duration.ofSeconds(1) : interval;
        positionTable = positionTable == null ? "blueprint_source_positions" : positionTable;
        PostgresConnection.quoted("position_table", positionTable);
        maxPending = maxPending == null ? 10_000 : maxPending;
        if (maxPending < 1) {
            throw new ConfigException("max_pending", "must be at least 1, was " + maxPending);
        }
        if (count != null && count < 0) {
            throw new ConfigException("count", "must not be negative, was " + count);
        }
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        backoff = backoff == null ? Backoff.DEFAULT : backoff;
    }

    /** Shown in logs with the password as ***. */
    @Override
    public String toString() {
        return Redaction.describe(this);
    }
}
