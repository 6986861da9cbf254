package dev.blueprint.components.postgres;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.api.Component;
import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.ComponentInitializationException;
import dev.blueprint.api.Output;
import dev.blueprint.components.broker.InOrderProgress;
import dev.blueprint.components.broker.PendingAcknowledgements;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Objects;
import org.postgresql.util.PGobject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a query with a cursor column and emits each row as a record of its columns. The position (the cursor value
 * of the last row handled, and of all before it) is kept in a table of its own and saved between polls and at the
 * end, so that a restart resumes after the last row handled (at least once: rows emitted but not handled when the
 * process died come again). A row a sink gave up on makes the source read again from the position.
 */
final class PostgresSource implements Component {
    private static final Logger log = LoggerFactory.getLogger(PostgresSource.class);
    private final PostgresSourceConfig config;
    private final String query;
    private final int marks;
    private ComponentContext context;
    private Connection connection;
    private dev.blueprint.components.broker.Outages outages;
    /** Rows emitted and not all handled yet; its position is the cursor of the last row handled with all before it. */
    private InOrderProgress<String> progress;
    private String key;
    private String saved;

    PostgresSource(PostgresSourceConfig config) {
        this.config = config;
        this.marks = config.query().split(":last", -1).length - 1;
        this.query = config.query().replace(":last", "?");
    }

    @Override
    public void start(ComponentContext context) {
        this.context = context;
        key = config.positionKey() != null ? config.positionKey() : context.systemName() + "_" + context.name();
        outages = PostgresConnection.outages(context, config.url());
        try {
            readPosition();
        } catch (SQLException e) {
            if (!PostgresConnection.isOutage(e)) {
                throw new ComponentInitializationException(context.name() + ": cannot read positions from " + config.url() + " ("
                        + e.getMessage() + ")", e);
            }
            // services start in any order: run() reads the position once the database answers
            outages.lost("cannot connect: " + e.getMessage());
            drop();
        }
    }

    /** Connects, makes sure the position table exists, and reads where this source stopped; then polling can start. */
    private void readPosition() throws SQLException {
        connection = PostgresConnection.open(config.url(), config.user(), config.password(), config.connectTimeout());
        try (var s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table() + " (name text PRIMARY KEY, position text NOT NULL, "
                    + "updated_at timestamptz NOT NULL DEFAULT now())");
        }
        saved = storedPosition();
        progress = new InOrderProgress<>(saved != null ? saved : config.start());
        log.info("{} - polling {} from {} = {}{}", context.name(), config.url(), config.cursor(), progress.position(),
                saved != null ? " (stored in " + config.positionTable() + ")" : "");
    }

    private String table() {
        return PostgresConnection.quoted("position_table", config.positionTable());
    }

    private String storedPosition() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT position FROM " + table() + " WHERE name = ?")) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Override
    public void run() throws InterruptedException {
        long limit = config.count() == null ? Long.MAX_VALUE : config.count();
        long n = 0;
        if (progress == null // the database was not there at start
                && !PostgresConnection.awaitDatabase(context, log, config.url(), config.backoff(), outages, this::readPosition, this::drop)) {
            return;
        }
        int failures = 0;
        String readFrom = progress.position();
        Output out = context.output();
        while (n < limit && !context.isStopping()) {
            // the query reads past :last, so again from the last row handled (not the first row not handled)
            String rewind = progress.takeRewind().isPresent() ? progress.position() : null;
            if (rewind != null) {
                log.warn("{} - a row was not handled; reading again after {} = {}", context.name(), config.cursor(), rewind);
                readFrom = rewind;
                // a row its sink keeps refusing is read again once a second, not in a tight loop
                Thread.sleep(Math.max(1000, config.interval().toMillis()));
            }
            try {
                if (connection == null || connection.isClosed()) {
                    connection = PostgresConnection.open(config.url(), config.user(), config.password(), config.connectTimeout());
                }
                savePosition();
                if (progress.pending() >= config.maxPending()) {
                    Thread.sleep(20);
                    continue;
                }
                int found = 0;
                try (PreparedStatement s = connection.prepareStatement(query)) {
                    for (int i = 1; i <= marks; i++) {
                        s.setObject(i, readFrom, Types.OTHER);
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next() && n < limit) {
                            String cursor = rs.getString(config.cursor());
                            InOrderProgress.Entry<String> entry = progress.emitted(cursor);
                            out.emit(row(rs), () -> progress.handled(entry), reason -> progress.failed(entry));
                            readFrom = cursor;
                            found++;
                            n++;
                        }
                    }
                }
                failures = 0;
                outages.restored();
                if (found == 0) {
                    Thread.sleep(config.interval().toMillis());
                }
            } catch (SQLException e) {
                java.time.Duration pause = config.backoff().delay(failures++);
                if (PostgresConnection.isOutage(e)) {
                    outages.lost(e.getMessage()); // logged once when it begins, once when it ends
                    log.debug("{} - polling {} failed ({}); again in {}", context.name(), config.url(), e.getMessage(), pause);
                } else {
                    log.warn("{} - polling {} failed ({}); again in {}", context.name(), config.url(), e.getMessage(), pause);
                }
                drop();
                Thread.sleep(pause.toMillis());
            }
        }
    }

    /** Saves the position when it moved, on this thread (the connection is this thread's). */
    private void savePosition() throws SQLException {
        String position = progress.position();
        if (Objects.equals(position, saved) || Objects.equals(position, config.start()) && saved == null) {
            return;
        }
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO " + table() + " (name, position) VALUES (?, ?) "
                + "ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()")) {
            s.setString(1, key);
            s.setString(2, position);
            s.executeUpdate();
        }
        saved = position;
    }

    private ObjectNode row(ResultSet rs) throws SQLException {
        ObjectNode record = context.json().createObjectNode();
        ResultSetMetaData meta = rs.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            String name = meta.getColumnLabel(i);
            Object v = rs.getObject(i);
            if (v == null) {
                record.putNull(name);
            } else if (v instanceof Integer || v instanceof Long || v instanceof Short) {
                record.put(name, ((Number) v).longValue());
            } else if (v instanceof BigDecimal d) {
                record.put(name, d);
            } else if (v instanceof Double || v instanceof Float) {
                record.put(name, ((Number) v).doubleValue());
            } else if (v instanceof Boolean b) {
                record.put(name, b);
            } else if (v instanceof PGobject o && o.getValue() != null && (o.getType().equals("json") || o.getType().equals("jsonb"))) {
                try {
                    record.set(name, context.json().readTree(o.getValue()));
                } catch (java.io.IOException e) {
                    record.put(name, o.getValue());
                }
            } else if (v instanceof java.sql.Timestamp) {
                record.put(name, rs.getObject(i, java.time.OffsetDateTime.class).toString());
            } else {
                record.put(name, rs.getString(i));
            }
        }
        return record;
    }

    @Override
    public void close() throws InterruptedException {
        if (outages != null) {
            outages.logTotal();
        }
        if (connection == null) {
            return;
        }
        try {
            PendingAcknowledgements.await(context);
            savePosition();
        } catch (SQLException e) {
            log.warn("{} - could not save the position {} ({}); the rows after the last saved one come again", context.name(),
                    progress.position(), e.getMessage());
        } finally {
            close(connection);
        }
    }

    /** Closes the connection after a failure; the next attempt opens a new one. */
    private void drop() {
        close(connection);
        connection = null;
    }

    private static void close(Connection c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException e) {
            // gone already
        }
    }
}
