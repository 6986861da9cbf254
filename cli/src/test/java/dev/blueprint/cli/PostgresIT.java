package dev.blueprint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.blueprint.components.testkit.PostgresTestServer;
import dev.blueprint.components.testkit.SharedBrokers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The postgres Sink and Source through the CLI jar against the suite's private PostgreSQL server, each test on tables
 * of its own: upserts in batches with bad values sent to errors, a source that resumes after the last handled row when
 * Blueprint is killed mid-stream, and rows the database refuses that are not acknowledged upstream until written.
 */
@Timeout(180)
class PostgresIT {
    @TempDir
    Path dir;

    private final PostgresTestServer postgres = SharedBrokers.postgres();
    private final String id = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void sinkUpsertsInBatchesAndSendsABadValueToErrorsNamingItsColumn() throws Exception {
        String table = "rooms_" + id;
        sql("CREATE TABLE " + table + " (room text PRIMARY KEY, temp double precision NOT NULL, readings int)");
        Path in = dir.resolve("in.jsonl");
        Files.writeString(in, """
                {"room": "kitchen", "t": 20.5, "n": 1}
                {"room": "hall", "t": 18, "n": 1}
                {"room": "kitchen", "t": 21.0, "n": 2}
                {"room": "attic", "t": "hot", "n": 1}
                {"room": "cellar", "t": null, "n": 1}
                {"room": "hall", "t": 18.5, "n": 2}
                """);
        Path errors = dir.resolve("errors.jsonl");
        Path bp = CliRunner.write(dir, "sink.yaml", """
                system:
                  name: pg_sink
                  components:
                    - {name: in, type: Source, config: {variant: file, path: "%s"}}
                    - {name: rooms, type: Sink, config: {variant: postgres, url: "%s", table: %s,
                       columns: {room: .room, temp: .t, readings: .n}, on_conflict: [room]}}
                    - {name: bad, type: Sink, config: {variant: file, path: "%s"}}
                  bindings:
                    - {from: in, to: rooms}
                    - {from: rooms.errors, to: bad.input}
                """.formatted(in, postgres.url(), table, errors));
        var result = CliRunner.run("run", bp.toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(rows("SELECT room || '=' || temp || '/' || readings FROM " + table + " ORDER BY room"))
                .isEqualTo("hall=18.5/2,kitchen=21/2");
        String bad = Files.readString(errors);
        // the value that is not a number is refused before the batch; the NULL by the server, under a savepoint
        assertThat(bad).contains("column temp: \\\"hot\\\" is not a number for float8").contains("attic")
                .contains("null value in column \\\"temp\\\"").contains("cellar");
        CliRunner.assertThatLog(result).containsPattern("summary: rooms \\(Sink\\): .* errors=2 written=4 unwritten=0");
    }

    @Test
    void sourceKilledMidStreamResumesAfterTheLastHandledRowAndEveryRowArrives() throws Exception {
        String source = "orders_" + id;
        String target = "copied_" + id;
        sql("CREATE TABLE " + source + " (id bigint PRIMARY KEY, item text)");
        sql("CREATE TABLE " + target + " (id bigint PRIMARY KEY, item text)");
        sql("INSERT INTO " + source + " SELECT g, 'item ' || g FROM generate_series(1, 20000) g");
        Path bp = CliRunner.write(dir, "copy.yaml", """
                system:
                  name: pg_copy
                  components:
                    - {name: orders, type: Source, config: {variant: postgres, url: "%s", cursor: id, interval: 100ms,
                       query: "SELECT id, item FROM %s WHERE id > :last ORDER BY id LIMIT 200"}}
                    - {name: copy, type: Sink, config: {variant: postgres, url: "%s", table: %s, columns: {id: .id, item: .item},
                       on_conflict: [id], batch_size: 100}}
                  bindings:
                    - {from: orders, to: copy, capacity: 64}
                """.formatted(postgres.url(), source, postgres.url(), target));
        try (CliRunner.Running first = CliRunner.start(Map.of(), "run", bp.toString())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> count(target) >= 2000 && stored("pg_copy_orders") > 0);
            first.kill(); // kill -9 mid-stream
        }
        long resumeFrom = stored("pg_copy_orders");
        assertThat(resumeFrom).isLessThan(20000);
        try (CliRunner.Running second = CliRunner.start(Map.of(), "run", bp.toString())) {
            await().atMost(Duration.ofSeconds(90)).until(() -> count(target) == 20000);
            await().atMost(Duration.ofSeconds(10)).until(() -> stored("pg_copy_orders") == 20000);
            second.signal("TERM");
            var result = second.await(Duration.ofSeconds(30));
            assertThat(result.exitCode()).as(result.toString()).isZero();
            // it resumed from the stored position, not from the start
            CliRunner.assertThatLog(result).contains("polling " + postgres.url() + " from id = " + resumeFrom + " (stored in");
        }
    }

    @Test
    void rowsTheDatabaseRefusesAreNotAcknowledgedUpstreamAndAreWrittenOnceItTakesThem() throws Exception {
        String source = "events_" + id;
        String target = "landed_" + id;
        String gate = "gate_" + id;
        sql("CREATE TABLE " + source + " (id bigint PRIMARY KEY)");
        sql("CREATE TABLE " + target + " (id bigint PRIMARY KEY)");
        sql("CREATE TABLE " + gate + " (closed boolean)");
        sql("INSERT INTO " + gate + " VALUES (true)");
        // while the gate is closed the server refuses every insert as it does when it is shutting down (57P03)
        sql("CREATE FUNCTION refuse_" + id + "() RETURNS trigger AS $$ BEGIN IF EXISTS (SELECT 1 FROM " + gate
                + ") THEN RAISE EXCEPTION 'closed' USING ERRCODE = '57P03'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
        sql("CREATE TRIGGER refuse BEFORE INSERT ON " + target + " FOR EACH ROW EXECUTE FUNCTION refuse_" + id + "()");
        sql("INSERT INTO " + source + " SELECT generate_series(1, 50)");
        Path bp = CliRunner.write(dir, "gate.yaml", """
                system:
                  name: pg_gate
                  components:
                    - {name: events, type: Source, config: {variant: postgres, url: "%s", cursor: id, interval: 100ms,
                       query: "SELECT id FROM %s WHERE id > :last ORDER BY id"}}
                    - {name: land, type: Sink, config: {variant: postgres, url: "%s", table: %s, columns: {id: .id}, retries: 1,
                       backoff: 50ms}}
                  bindings:
                    - {from: events, to: land}
                """.formatted(postgres.url(), source, postgres.url(), target));
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", bp.toString())) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> CliRunner.assertThatLog(run)
                    .contains("row(s) not written to " + target).contains("a row was not handled; reading again after id = 0"));
            assertThat(stored("pg_gate_events")).isEqualTo(-1); // no position saved: nothing was handled
            sql("DELETE FROM " + gate);
            await().atMost(Duration.ofSeconds(30)).until(() -> count(target) == 50);
            await().atMost(Duration.ofSeconds(10)).until(() -> stored("pg_gate_events") == 50);
            run.signal("TERM");
            assertThat(run.await(Duration.ofSeconds(30)).exitCode()).isZero();
        }
    }

    @Test
    void aBatchStillRefusedAfterItsRetriesGoesToErrorsWhenBoundAndIsHandled() throws Exception {
        String source = "events_" + id;
        String target = "refused_" + id;
        sql("CREATE TABLE " + source + " (id bigint PRIMARY KEY)");
        sql("CREATE TABLE " + target + " (id bigint PRIMARY KEY)");
        // the server refuses every insert as it does when it is shutting down (57P03): passing, so retried, then given up
        sql("CREATE FUNCTION refuse_" + id + "() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'closed' USING ERRCODE = '57P03'; END $$ LANGUAGE plpgsql");
        sql("CREATE TRIGGER refuse BEFORE INSERT ON " + target + " FOR EACH ROW EXECUTE FUNCTION refuse_" + id + "()");
        sql("INSERT INTO " + source + " SELECT generate_series(1, 30)");
        Path dead = dir.resolve("dead.jsonl");
        Path bp = CliRunner.write(dir, "dead.yaml", """
                system:
                  name: pg_dead
                  components:
                    - {name: events, type: Source, config: {variant: postgres, url: "%s", cursor: id, interval: 100ms,
                       query: "SELECT id FROM %s WHERE id > :last ORDER BY id"}}
                    - {name: land, type: Sink, config: {variant: postgres, url: "%s", table: %s, columns: {id: .id}, retries: 1,
                       backoff: 50ms, batch_size: 10}}
                    - {name: dead, type: Sink, config: {variant: file, path: "%s"}}
                  bindings:
                    - {from: events, to: land}
                    - {from: land.errors, to: dead}
                """.formatted(postgres.url(), source, postgres.url(), target, dead));
        try (CliRunner.Running run = CliRunner.start(Map.of(), "run", bp.toString())) {
            run.ready(); // started: the source has created its position table
            // dead letters are handled: the source's position moves past every row although none is in the table
            await().atMost(Duration.ofSeconds(30)).until(() -> stored("pg_dead_events") == 30);
            assertThat(JsonLines.distinct(dead, "record", "id")).hasSize(30);
            assertThat(java.nio.file.Files.readString(dead)).contains("\"kind\":\"delivery_failed\"").contains("closed");
            assertThat(count(target)).isZero();
            run.signal("TERM");
            var result = run.await(Duration.ofSeconds(30));
            assertThat(result.exitCode()).as(result.toString()).isZero();
            CliRunner.assertThatLog(result).doesNotContain("a row was not handled");
        }
    }

    @Test
    void aMissingTableIsAStartErrorNamingIt() {
        // a database that is not there yet is an outage (StartBeforeBrokerIT); a refusal that waiting cannot mend is not
        Path bp = CliRunner.write(dir, "missing.yaml", """
                system:
                  name: pg_missing
                  components:
                    - {name: gen, type: Source, config: {count: 1}}
                    - {name: rooms, type: Sink, config: {variant: postgres, url: "%s", table: missing_%s, columns: {n: .n}}}
                  bindings:
                    - {from: gen, to: rooms}
                """.formatted(postgres.url(), id));
        var result = CliRunner.run("run", bp.toString());
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        CliRunner.assertThatLog(result).contains("table missing_" + id + " does not exist");
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private String rows(String query) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = postgres.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                out.append(out.isEmpty() ? "" : ",").append(rs.getString(1));
            }
        }
        return out.toString();
    }

    private long count(String table) throws SQLException {
        return Long.parseLong(rows("SELECT count(*) FROM " + table));
    }

    /** The position a source stored, -1 when none. */
    private long stored(String key) throws SQLException {
        String position = rows("SELECT position FROM blueprint_source_positions WHERE name = '" + key + "'");
        return position.isEmpty() ? -1 : Long.parseLong(position);
    }
}
