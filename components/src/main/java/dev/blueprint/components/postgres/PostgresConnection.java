package dev.blueprint.components.postgres;

import dev.blueprint.api.ComponentContext;
import dev.blueprint.api.ConfigException;
import dev.blueprint.components.broker.Backoff;
import dev.blueprint.components.broker.Outages;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/** What both postgres connectors share: checking names, quoting them, connecting, telling a passing fault from a lasting one. */
final class PostgresConnection {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private PostgresConnection() {
    }

    /** The JDBC URL, checked; the driver's own default address when absent. */
    static String url(String url) {
        String u = url == null ? "jdbc:postgresql://127.0.0.1:5432/postgres" : url;
        if (!u.startsWith("jdbc:postgresql://")) {
            throw new ConfigException("url", "must be a PostgreSQL JDBC URL, jdbc:postgresql://host[:port]/database, was '" + url + "'");
        }
        return u;
    }

    /** {@code name} or {@code schema.name}, checked and double-quoted for SQL. */
    static String quoted(String key, String name) {
        if (name == null) {
            throw new ConfigException(key, "is required");
        }
        String[] parts = name.split("\\.", -1);
        if (parts.length > 2) {
            throw new ConfigException(key, "must be name or schema.name, was '" + name + "'");
        }
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            if (!IDENTIFIER.matcher(part).matches()) {
                throw new ConfigException(key, "must be letters, digits and _ (not starting with a digit), was '" + name + "'");
            }
            out.append(out.isEmpty() ? "" : ".").append('"').append(part).append('"');
        }
        return out.toString();
    }

    static Connection open(String url, String user, String password, Duration timeout) throws SQLException {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", String.valueOf(Math.max(1, timeout.toSeconds())));
        // one INSERT of many rows per batch instead of one statement per row
        p.setProperty("reWriteBatchedInserts", "true");
        p.setProperty("ApplicationName", "blueprint");
        return DriverManager.getConnection(url, p);
    }

    /**
     * Whether an error will pass if the same work is tried again: the connection went (08), the server is shutting
     * down or overloaded (57P, 53), or a serialization failure or deadlock (40). Anything else is about the data.
     */
    static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57P") || state.startsWith("53") || state.startsWith("40");
    }

    /**
     * Whether an error means the database is away (the connection went, 08; the server is shutting down or not
     * accepting connections yet, 57P): an outage, logged once when it begins and once when it ends.
     */
    static boolean isOutage(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57P");
    }

    /** A connection attempt with what must follow it (a table's columns, a stored position); on the component's thread. */
    interface Attempt {
        void run() throws SQLException;
    }

    /**
     * Waits for a database that was not there at start: tries {@code attempt} with back-off until it succeeds, which
     * ends the outage, or the run stops (false). After a failure {@code cleanUp} closes what the attempt opened.
     */
    static boolean awaitDatabase(ComponentContext context, Logger log, String url, Backoff backoff, Outages outages,
            Attempt attempt, Runnable cleanUp) throws InterruptedException {
        String said = null;
        for (int n = 0; !context.isStopping(); n++) {
            Thread.sleep(backoff.delay(n).toMillis());
            try {
                attempt.run();
                outages.restored();
                return true;
            } catch (SQLException | RuntimeException e) {
                cleanUp.run();
                said = sayLasting(log, context.name(), url, e, said);
            }
        }
        return false;
    }

    /**
     * Says a failed connection attempt while waiting for the database: a passing one (it is away) at DEBUG, since the
     * outage is logged already; a lasting one (bad password, no such database or table, no permission) at WARN, once
     * per reason, since waiting will not mend it unless someone does. Returns the last lasting reason said.
     */
    private static String sayLasting(Logger log, String component, String url, Exception e, String said) {
        boolean passing = e instanceof SQLException s && isOutage(s);
        if (passing || e.getMessage() != null && e.getMessage().equals(said)) {
            log.debug("{} - connecting to {} failed: {}", component, url, e.getMessage());
            return said;
        }
        log.warn("{} - {} answers but refuses: {}; trying again until it does not", component, url, e.getMessage());
        return e.getMessage();
    }

    /** The connection's state on {@code /metrics} and {@code /ready}, the way every connector shows it. */
    static Outages outages(ComponentContext context, String url) {
        Outages outages = new Outages(context.name(), url).exposedIn(context.meterRegistry());
        context.readiness().register(context.name() + ": postgres " + dev.blueprint.api.Redaction.cleanUrl(url), outages::isUp);
        return outages;
    }

    /** Whether an error is about one row's values (22: data exception, 23: integrity constraint violation). */
    static boolean isAboutARow(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }
}
