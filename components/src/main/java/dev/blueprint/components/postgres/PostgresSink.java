package dev.blueprint.components.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blueprint.api.Acknowledgement;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.ComponentInitializationException;
import dev.blueprint.api.Record;
import dev.blueprint.components.jq.JqExpression;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records as rows, {@code batch_size} at most per transaction (or what came within {@code batch_interval}),
 * and acknowledges them upstream once the transaction committed. A value that cannot be its column's type, or a row
 * the server refuses (a constraint), goes to {@code errors} naming the column and the reason, and the rest of its
 * batch is written (row by row under savepoints). A batch that failed for a passing reason is tried again on a new
 * connection, with back-off, {@code retries} times (absent: until it goes through); then its records are given up
 * as failed, so that their source delivers them again. A database that is not there at start is an outage like a
 * later one: the run starts, and the first record waits on this thread (back-pressure) until a connection is made
 * and the table's columns are read. Only a lasting refusal (bad password, no such database or table) fails the
 * start. Everything runs on the component's thread.
 */
final class PostgresSink implements Component {
    private static final Logger log = LoggerFactory.getLogger(PostgresSink.class);
    private final PostgresSinkConfig config;
    private final Map<String, JqExpression> columns = new LinkedHashMap<>();
    private final List<Row> batch = new ArrayList<>();
    private ComponentContext context;
    private Connection connection;
    private PreparedStatement insert;
    private dev.blueprint.components.broker.Outages outages;
    private List<ColumnType> types;
    private String sql;
    private long batchStarted;

    private record Row(Record record, Acknowledgement acknowledgement, Object[] values) {
    }

    PostgresSink(PostgresSinkConfig config) {
        this.config = config;
        config.columns().forEach((column, expression) -> columns.put(column, PostgresSinkProvider.compile(expression)));
    }

    @Override
    public void start(ComponentContext context) throws SQLException {
        this.context = context;
        context.written(0);
        outages = PostgresConnection.outages(context, config.url());
        try {
            connect();
        } catch (SQLException e) {
            if (!PostgresConnection.isOutage(e)) {
                throw new ComponentInitializationException(context.name() + ": cannot write to " + config.table() + " at " + config.url()
                        + " (" + e.getMessage() + ")", e);
            }
            outages.lost("cannot connect: " + e.getMessage()); // services start in any order: see awaitDatabase
        }
        sql = Statements.insert(config.table(), List.copyOf(config.columns().keySet()), config.onConflict());
        context.schedule(config.batchInterval(), this::flushIfDue);
        log.info("{} - writing to table {} on {} ({})", context.name(), config.table(), config.url(),
                config.onConflict().isEmpty() ? "inserts" : "upserts on " + config.onConflict());
    }

    private void connect() throws SQLException {
        insert = null; // a statement belongs to the connection it was prepared on
        connection = PostgresConnection.open(config.url(), config.user(), config.password(), config.connectTimeout());
        connection.setAutoCommit(false);
        if (types == null) {
            types = Statements.columnTypes(connection, config.table(), List.copyOf(config.columns().keySet()));
        }
    }

    @Override
    public void onRecord(String input, Record record) throws Exception {
        // the database was not there at start: the first connection also reads the columns' types, which convert the values
        if (types == null && !PostgresConnection.awaitDatabase(context, log, config.url(), config.backoff(), outages, this::connect,
                this::closeQuietly)) {
            // nothing refused it: back to its source, which delivers it again (a dead letter is for what was refused)
            context.hold().fail(new SQLException("the run stopped before " + config.url() + " could be reached"));
            return;
        }
        Object[] values = new Object[columns.size()];
        int i = 0;
        try {
            for (JqExpression expression : columns.values()) {
                values[i] = types.get(i).convert(expression.first(record.value()));
                i++;
            }
        } catch (ColumnType.BadValue e) {
            // the record goes to errors naming the column; the batch is not touched
            context.reportError(record, "bad_value", e);
            return;
        }
        if (batch.isEmpty()) {
            batchStarted = System.nanoTime();
        }
        batch.add(new Row(record, context.hold(), values));
        if (batch.size() >= config.batchSize()) {
            flush();
        }
    }

    private void flushIfDue() {
        if (!batch.isEmpty() && System.nanoTime() - batchStarted >= config.batchInterval().toNanos()) {
            try {
                flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void onInputsEnded() throws InterruptedException {
        flush();
    }

    /** Writes the batch in one transaction, trying again as configured; every row is settled when it returns. */
    private void flush() throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        List<Row> rows = List.copyOf(batch);
        batch.clear();
        if (context.isStopping() && !outages.isUp()) {
            failBack(rows, new SQLException(config.url() + " is away"));
            return;
        }
        SQLException last = null;
        for (int attempt = 0; config.retries() == null || attempt <= config.retries(); attempt++) {
            if (attempt > 0) {
                if (context.isStopping()) {
                    failBack(rows, last); // no waiting out an outage in the grace period
                    return;
                }
                try {
                    Thread.sleep(config.backoff().delay(attempt - 1).toMillis());
                } catch (InterruptedException e) {
                    failBack(rows, last);
                    throw e;
                }
            }
            try {
                if (connection == null || connection.isClosed()) {
                    connect();
                }
                write(rows);
                outages.restored();
                return;
            } catch (SQLException e) {
                last = e;
                if (PostgresConnection.isOutage(e)) {
                    outages.lost(e.getMessage());
                }
                rollbackQuietly();
                if (!PostgresConnection.isTransient(e)) {
                    break; // the table or the SQL is wrong: trying again would fail the same way
                }
                log.debug("{} - batch of {} failed ({}), attempt {}", context.name(), rows.size(), e.getMessage(), attempt + 1);
                closeQuietly();
            }
        }
        if (context.isStopping() && PostgresConnection.isTransient(last)) {
            failBack(rows, last);
            return;
        }
        log.warn("{} - {} row(s) not written to {} ({}); given up to errors when bound, else back to their source", context.name(),
                rows.size(), config.table(), last.getMessage());
        for (Row row : rows) {
            // a dead letter when errors is bound (handled once it is), else failed back so that the source delivers it again
            context.giveUp(row.record(), row.acknowledgement(), "delivery_failed", last);
        }
    }

    /**
     * Rows not written because the run stops while the database is away: back to their source, which delivers them
     * again; not to errors, since a passing fault refused nothing.
     */
    private void failBack(List<Row> rows, SQLException reason) {
        for (Row row : rows) {
            row.acknowledgement().fail(reason);
        }
        log.warn("{} - stopping while {} is away: {} row(s) not written, failed back to their source ({})", context.name(),
                config.url(), rows.size(), reason.getMessage());
    }

    private void write(List<Row> rows) throws SQLException {
        List<Row> refused = new ArrayList<>();
        List<SQLException> reasons = new ArrayList<>();
        if (insert == null) {
            // one statement for the connection's life: the driver makes it a server-side prepared statement after a few
            // batches, as a loop on one statement gets, instead of parsing the insert again for every batch
            insert = connection.prepareStatement(sql);
        }
        PreparedStatement statement = insert;
        statement.clearBatch(); // what a failed batch may have left in it
        List<Row> distinct = config.onConflict().isEmpty() ? rows : Statements.lastPerKey(rows, Row::values, keyIndexes());
        try {
            for (Row row : distinct) {
                bind(statement, row);
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            SQLException cause = e.getNextException() != null ? e.getNextException() : e;
            if (!PostgresConnection.isAboutARow(cause)) {
                throw cause;
            }
            connection.rollback();
            statement.clearBatch();
            for (Row row : distinct) {
                Savepoint savepoint = connection.setSavepoint();
                try {
                    bind(statement, row);
                    statement.executeUpdate();
                    connection.releaseSavepoint(savepoint);
                } catch (SQLException rowError) {
                    if (!PostgresConnection.isAboutARow(rowError)) {
                        throw rowError;
                    }
                    connection.rollback(savepoint);
                    refused.add(row);
                    reasons.add(rowError);
                }
            }
        }
        connection.commit();
        for (int i = 0; i < refused.size(); i++) {
            context.reportError(refused.get(i).record(), "row_refused", new IllegalArgumentException(describe(reasons.get(i))));
        }
        context.written(rows.size() - refused.size());
        rows.forEach(row -> row.acknowledgement().release());
    }

    private int[] keyIndexes() {
        List<String> names = List.copyOf(config.columns().keySet());
        return config.onConflict().stream().mapToInt(names::indexOf).toArray();
    }

    private void bind(PreparedStatement statement, Row row) throws SQLException {
        for (int i = 0; i < row.values().length; i++) {
            types.get(i).bind(statement, i + 1, row.values()[i]);
        }
    }

    /** The server's reason, with the column it names when it names one. */
    private static String describe(SQLException e) {
        String message = e.getMessage().lines().findFirst().orElse("").replaceFirst("^ERROR: ", "");
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null && p.getServerErrorMessage().getColumn() != null
                && !message.contains(p.getServerErrorMessage().getColumn())) {
            return "column " + p.getServerErrorMessage().getColumn() + ": " + message;
        }
        return message;
    }

    private void rollbackQuietly() {
        try {
            if (connection != null && !connection.isClosed()) {
                connection.rollback();
            }
        } catch (SQLException e) {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        insert = null; // closed with its connection
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            // gone already
        }
        connection = null;
    }

    @Override
    public void close() {
        for (Row row : batch) {
            row.acknowledgement().fail(new IllegalStateException("closed before the row was written"));
        }
        batch.clear();
        closeQuietly();
        if (outages != null) {
            outages.logTotal();
        }
    }
}
