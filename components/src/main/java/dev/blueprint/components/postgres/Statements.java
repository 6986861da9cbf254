package dev.blueprint.components.postgres;

import dev.blueprint.api.ComponentInitializationException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The SQL the sink runs and what it learns of the table first. */
final class Statements {
    private Statements() {
    }

    /** INSERT INTO t (a, b) VALUES (?, ?), with ON CONFLICT (keys) DO UPDATE SET for the other columns when keys are given. */
    static String insert(String table, List<String> columns, List<String> keys) {
        String names = columns.stream().map(c -> PostgresConnection.quoted("columns", c)).collect(Collectors.joining(", "));
        String marks = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        String sql = "INSERT INTO " + PostgresConnection.quoted("table", table) + " (" + names + ") VALUES (" + marks + ")";
        if (keys.isEmpty()) {
            return sql;
        }
        String conflict = keys.stream().map(c -> PostgresConnection.quoted("on_conflict", c)).collect(Collectors.joining(", "));
        List<String> others = columns.stream().filter(c -> !keys.contains(c)).toList();
        if (others.isEmpty()) {
            return sql + " ON CONFLICT (" + conflict + ") DO NOTHING";
        }
        return sql + " ON CONFLICT (" + conflict + ") DO UPDATE SET " + others.stream()
                .map(c -> PostgresConnection.quoted("columns", c) + " = EXCLUDED." + PostgresConnection.quoted("columns", c))
                .collect(Collectors.joining(", "));
    }

    /** The declared type of each of {@code columns} of {@code table}, in order; a column the table lacks fails the start. */
    static List<ColumnType> columnTypes(Connection connection, String table, List<String> columns) throws SQLException {
        String schema = table.contains(".") ? table.substring(0, table.indexOf('.')) : null;
        String name = table.contains(".") ? table.substring(table.indexOf('.') + 1) : table;
        Map<String, ColumnType> found = new HashMap<>();
        DatabaseMetaData meta = connection.getMetaData();
        try (ResultSet rs = meta.getColumns(null, schema, name, null)) {
            while (rs.next()) {
                String column = rs.getString("COLUMN_NAME");
                found.putIfAbsent(column, new ColumnType(column, rs.getInt("DATA_TYPE"), rs.getString("TYPE_NAME")));
            }
        }
        connection.rollback();
        if (found.isEmpty()) {
            throw new ComponentInitializationException("table " + table + " does not exist (or this user cannot see it); create it first");
        }
        List<ColumnType> types = new ArrayList<>();
        for (String column : columns) {
            ColumnType type = found.get(column);
            if (type == null) {
                throw new ComponentInitializationException("table " + table + " has no column " + column + "; its columns: "
                        + found.keySet().stream().sorted().toList());
            }
            types.add(type);
        }
        return types;
    }

    /**
     * The rows of a batch keeping only the last of each key, in the order of those last ones: one upsert statement
     * cannot touch a row twice. The dropped rows are still acknowledged with the batch (a later value replaced them).
     */
    static <R> List<R> lastPerKey(List<R> rows, Function<R, Object[]> values, int[] keys) {
        Map<List<Object>, R> last = new LinkedHashMap<>();
        for (R row : rows) {
            Object[] v = values.apply(row);
            List<Object> key = Arrays.stream(keys).mapToObj(i -> v[i]).toList();
            last.remove(key);
            last.put(key, row);
        }
        return List.copyOf(last.values());
    }
}
